/**
 * Every failure becomes one NormalisedError: status, the gateway's own code, a kind the gates
 * switch on, the request id, the openai SDK class the same call raises, and the body shape.
 */
import { APIError } from 'openai';
import { redact, type Secret } from '../config/secret.ts';
import { clip, parseErrorBody, type ParsedErrorBody, type UpstreamCause } from './error-body.ts';
import type { ErrorKind, NormalisedError, ProfileName } from './types.ts';

export interface ErrorInput {
  status: number | null;
  headers: Headers | null;
  bodyText: string;
  /** Constructor name of the error the openai SDK threw, when one was observed. */
  sdkClass: string | null;
  profile: ProfileName;
  /** The thrown error when no response arrived (fetch failure, abort). */
  cause?: unknown;
  /** Keys to mask in every message. */
  secrets?: readonly Secret[];
  /** Clock for HTTP-date Retry-After (epoch ms); defaults to Date.now(). */
  nowMs?: number;
}

/**
 * The class the openai SDK raises for a status, from the SDK's own factory (`APIError.generate`),
 * so an SDK upgrade that changes the mapping cannot silently diverge from a copied table.
 */
export function sdkClassForStatus(status: number | null): string {
  return APIError.generate(status ?? undefined, undefined, undefined, new Headers()).constructor.name;
}

/** Retry-After as seconds (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

const CODE_KIND: Readonly<Record<string, ErrorKind>> = {
  invalid_api_key: 'auth',
  unauthorised: 'auth',
  unauthorized: 'auth',
  authentication_error: 'auth',
  permission_denied: 'auth',
  unsupported_model_or_endpoint: 'invalid-model',
  model_not_found: 'invalid-model',
  rate_limit_exceeded: 'rate-limit',
  rate_limit_error: 'rate-limit',
  key_limit_exceeded: 'rate-limit',
  insufficient_funds: 'billing',
  insufficient_quota: 'billing',
  billing_error: 'billing',
  pricing_not_configured: 'billing',
  // Upstream failures whose body says no more (the body's diagnostics refine these in classify()).
  upstream_error: 'upstream-failed',
  all_candidates_failed: 'upstream-failed',
  provider_payment_required: 'upstream-failed',
  gateway_stream_materialization_error: 'upstream-failed',
  normalization_failed: 'upstream-failed',
  google_empty_response: 'upstream-failed',
  timeout: 'timeout',
  timeout_error: 'timeout',
  upstream_timeout: 'timeout',
  validation_error: 'invalid-request',
  invalid_json: 'invalid-request',
  invalid_request: 'invalid-request',
  payload_too_large: 'invalid-request',
  unsupported_media_type: 'invalid-request',
  // Workspace data policy / region gate removed every route: the request, not the key, is refused.
  guardrail_blocked: 'invalid-request',
  model_region_unavailable: 'invalid-request',
  pipeline_execution_error: 'server',
};

/** LLM Gateway names unknown models only in prose (snapshot has no codes). */
const INVALID_MODEL_TEXT = [
  /Requested model .* not supported/i,
  /Requested provider .* not supported/i,
  /does not support model/i,
  /must be requested with a provider prefix/i,
  /Provider '.*' not found/i,
];

/** AI Stats provider-pin problems are `validation_error`s about the model id. */
const INVALID_MODEL_DETAIL = new Set(['invalid_model_slug', 'unknown_provider_slug', 'qualified_provider_unavailable']);

function kindFromStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'billing';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate-limit';
  if (status === 502) return 'upstream-failed';
  if (status >= 500) return 'server';
  return 'invalid-request';
}

const UPSTREAM_KIND: Readonly<Record<UpstreamCause, ErrorKind>> = {
  'rate-limited': 'upstream-rate-limited',
  failed: 'upstream-failed',
  unreachable: 'upstream-unreachable',
};

/** The kind of an upstream failure named in a body (also an error frame inside a 200 stream). */
export function upstreamKind(cause: UpstreamCause): ErrorKind {
  return UPSTREAM_KIND[cause];
}

function classify(status: number, body: ParsedErrorBody): ErrorKind {
  // What the body says about the upstream wins over the status (AI Stats 502, LLM Gateway 500).
  if (body.upstream !== null) return UPSTREAM_KIND[body.upstream];
  if (INVALID_MODEL_TEXT.some((re) => re.test(body.message))) return 'invalid-model';
  if (body.detail !== null && INVALID_MODEL_DETAIL.has(body.detail)) return 'invalid-model';
  if (body.code !== null) {
    // `gateway_error` is LLM Gateway's "upstream answered < 500" but AI Stats' "our DB failed".
    if (body.code === 'gateway_error') return body.shape === 'aistats-flat' ? 'server' : 'upstream-failed';
    const byCode = CODE_KIND[body.code];
    if (byCode !== undefined) return byCode;
  }
  return kindFromStatus(status);
}

/** Walks `cause` chains for a Node/undici error code (ECONNREFUSED, UND_ERR_SOCKET, CERT_…). */
function causeChain(cause: unknown): Array<{ name: string; code: string | null; message: string }> {
  const out: Array<{ name: string; code: string | null; message: string }> = [];
  let c: unknown = cause;
  for (let depth = 0; depth < 6 && typeof c === 'object' && c !== null; depth++) {
    const e = c as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    out.push({
      name: typeof e.name === 'string' ? e.name : 'Error',
      code: typeof e.code === 'string' ? e.code : null,
      message: typeof e.message === 'string' ? e.message : '',
    });
    c = e.cause;
  }
  return out;
}

const CONNECTION_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
};

function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code);
}

function noResponse(input: ErrorInput): Pick<NormalisedError, 'kind' | 'code' | 'message'> {
  const chain = causeChain(input.cause);
  if (chain.some((c) => c.name === 'TimeoutError' || c.name === 'APIConnectionTimeoutError')) {
    return { kind: 'timeout', code: 'deadline', message: 'request deadline passed before the response was complete' };
  }
  if (chain.some((c) => c.name === 'AbortError' || c.name === 'APIUserAbortError')) {
    return { kind: 'interrupted', code: 'aborted', message: 'request aborted by the run' };
  }
  const coded = chain.find((c) => c.code !== null && (c.code in CONNECTION_TEXT || isTlsCode(c.code)));
  if (coded?.code) {
    const what = CONNECTION_TEXT[coded.code] ?? `TLS certificate problem (${coded.code})`;
    return { kind: 'connection', code: coded.code, message: `${what}: ${clip(coded.message, 200)}` };
  }
  const deepest = chain.at(-1);
  const text = deepest ? `${deepest.name}: ${deepest.message}` : 'no response';
  return { kind: 'connection', code: deepest?.code ?? null, message: `no HTTP response (${clip(text, 200)})` };
}

export function normaliseError(input: ErrorInput): NormalisedError {
  const secrets = input.secrets ?? [];
  const headerId = input.headers?.get('x-request-id') ?? null;
  const retryAfterS = parseRetryAfter(input.headers?.get('retry-after') ?? null, input.nowMs);
  if (input.status === null) {
    const r = noResponse(input);
    return {
      status: null,
      code: r.code,
      message: redact(r.message, secrets),
      kind: r.kind,
      requestId: headerId,
      sdkClass: input.sdkClass ?? (r.kind === 'timeout' ? 'APIConnectionTimeoutError' : r.kind === 'interrupted' ? 'APIUserAbortError' : 'APIConnectionError'),
      bodyShape: 'none',
    };
  }
  const body = parseErrorBody(input.bodyText);
  const message = body.message || `HTTP ${input.status}`;
  const out: NormalisedError = {
    status: input.status,
    code: body.code,
    message: redact(message, secrets),
    kind: classify(input.status, body),
    requestId: headerId ?? body.requestId,
    sdkClass: input.sdkClass ?? sdkClassForStatus(input.status),
    bodyShape: body.shape,
  };
  if (retryAfterS !== undefined) out.retryAfterS = retryAfterS;
  return out;
}
