/**
 * Reads an error body of any shape either gateway sends (GATEWAYS.md, captures/*.md) into
 * shape + code + message + request id. Classification into an ErrorKind is errors.ts's job.
 */
import type { BodyShape } from './types.ts';

export interface ParsedErrorBody {
  shape: BodyShape;
  /** The gateway's own code (`invalid_api_key`, `unauthorised`, …); null when it sent none. */
  code: string | null;
  /** Human text from the body; '' when there is none. */
  message: string;
  requestId: string | null;
  /** AI Stats `error_operational_kind` / `reason`, kept for classification. */
  detail: string | null;
  /** What the body says about the gateway's upstream, when it names a failure there. */
  upstream: UpstreamCause | null;
}

/** How the gateway's upstream failed, as its body tells it (AI Stats diagnostics, LLM Gateway "Error from provider"). */
export type UpstreamCause = 'rate-limited' | 'failed' | 'unreachable';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * AI Stats names the upstream's statuses in `failed_statuses` and a `category` in
 * `provider_failure_diagnostics` (an object or a list); a refused connection has no
 * `failed_statuses` and `failure_sample[].status: null` (captures/aistats.md C12–C14).
 */
function aistatsUpstream(o: Obj): UpstreamCause | null {
  const statuses = list(o['failed_statuses']).map(num).filter((n): n is number => n !== null);
  const categories = list(o['provider_failure_diagnostics']).filter(isObj).map((d) => str(d['category']));
  const samples = list(o['failure_sample']).filter(isObj);
  if (statuses.includes(429) || categories.includes('rate_limited')) return 'rate-limited';
  if (statuses.length > 0) return 'failed';
  if (samples.length > 0 && samples.every((f) => f['status'] === null || f['status'] === undefined)) return 'unreachable';
  return null;
}

/** LLM Gateway: "Error from provider: 429 Too Many Requests" (C50/C51/C60/C61), newer "Failed to connect to the upstream provider". */
function llmGatewayUpstream(message: string): UpstreamCause | null {
  const m = /Error from provider: (\d{3})/.exec(message);
  if (m) return m[1] === '429' ? 'rate-limited' : 'failed';
  if (/Failed to connect to the upstream provider/i.test(message)) return 'unreachable';
  return null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Longest body text kept in a message; AI Stats 502 bodies carry long diagnostics and stack traces. */
const MAX_TEXT = 300;

export function clip(text: string, max = MAX_TEXT): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function bodyRequestId(o: Obj): string | null {
  return str(o['generation_id']) ?? str(o['request_id']) ?? str(o['id']);
}

function zodMessage(issues: unknown): string {
  if (!Array.isArray(issues)) return 'invalid request body';
  return issues
    .filter(isObj)
    .map((i) => {
      const path = Array.isArray(i['path']) ? i['path'].join('.') : '';
      const m = str(i['message']) ?? 'invalid';
      return path ? `${path}: ${m}` : m;
    })
    .join('; ');
}

/** Reads a parsed JSON object; null when it is no error shape we know. */
export function readErrorObject(o: Obj): ParsedErrorBody | null {
  const err = o['error'];
  // LLM Gateway (snapshot): {"error":true,"status":401,"message":"Unauthorized: Invalid token"}
  if (err === true) {
    return { shape: 'llmgateway-flat', code: null, message: str(o['message']) ?? '', requestId: bodyRequestId(o), detail: null, upstream: null };
  }
  // OpenAI envelope (LLM Gateway upstream errors, newer LLM Gateway everywhere, `event: error` data).
  if (isObj(err) && (typeof err['message'] === 'string' || 'code' in err || 'type' in err)) {
    const message = str(err['message']) ?? '';
    return {
      shape: 'openai-envelope',
      code: str(err['code']) ?? str(err['type']),
      message,
      requestId: bodyRequestId(o),
      detail: str(err['type']),
      upstream: llmGatewayUpstream(message),
    };
  }
  // zod-openapi default hook: {"success":false,"error":{"issues":[…],"name":"ZodError"}}
  if (o['success'] === false && isObj(err)) {
    return { shape: 'zod', code: str(err['name']) ?? 'ZodError', message: zodMessage(err['issues']), requestId: null, detail: null, upstream: null };
  }
  // AI Stats inference: {generation_id,status_code,error:"<code>",error_type,error_origin,description}
  // and its /v1/models 401: {error:"unauthorised",reason,request_id,status_code,…} (no description).
  if (typeof err === 'string' && ('status_code' in o || 'generation_id' in o || 'error_type' in o)) {
    return {
      shape: 'aistats-flat',
      code: err,
      message: str(o['description']) ?? str(o['reason']) ?? err,
      requestId: bodyRequestId(o),
      detail: str(o['error_operational_kind']) ?? str(o['reason']),
      upstream: aistatsUpstream(o),
    };
  }
  // AI Stats control routes: {ok:false,error:"invalid_request",message:"…"}
  if (o['ok'] === false && typeof err === 'string') {
    return { shape: 'aistats-control', code: err, message: str(o['message']) ?? err, requestId: bodyRequestId(o), detail: null, upstream: null };
  }
  // AI Stats stream error frame: {"object":"error","message":"…","id":"G-…"}
  if (o['object'] === 'error') {
    return { shape: 'sse-error-object', code: str(o['code']) ?? str(o['type']), message: str(o['message']) ?? '', requestId: str(o['id']), detail: null, upstream: null };
  }
  return null;
}

/** Any body text → its shape and what it says. Never throws. */
export function parseErrorBody(bodyText: string): ParsedErrorBody {
  const trimmed = bodyText.trim();
  if (trimmed === '') return { shape: 'empty', code: null, message: '', requestId: null, detail: null, upstream: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { shape: 'text', code: null, message: clip(trimmed), requestId: null, detail: null, upstream: null };
  }
  if (isObj(parsed)) {
    const known = readErrorObject(parsed);
    if (known) return { ...known, message: clip(known.message) };
    const m = str(parsed['message']) ?? str(parsed['error']) ?? str(parsed['detail']);
    return { shape: 'json-other', code: str(parsed['code']), message: clip(m ?? trimmed), requestId: bodyRequestId(parsed), detail: null, upstream: null };
  }
  return { shape: 'json-other', code: null, message: clip(trimmed), requestId: null, detail: null, upstream: null };
}
