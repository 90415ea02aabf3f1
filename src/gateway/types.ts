/** Plain data shared by the gateway client, the simulator and the scorers. */

export type ProfileName = 'llmgateway' | 'aistats' | 'openai-compatible';
export type Role = 'baseline' | 'candidate';

/**
 * What went wrong, classified once. `kind` is the harness's own classification and the
 * thing gates and reports switch on; `code` is what the gateway itself said.
 */
export type ErrorKind =
  | 'auth' // 401/403 about the caller's key
  | 'invalid-model' // unknown / unsupported model id
  | 'invalid-request' // other 4xx about the request (schema, JSON, content-type, 404 route)
  | 'rate-limit' // 429
  | 'billing' // 402
  // The gateway says its upstream failed, read from the body (AI Stats 502 failed_statuses /
  // provider_failure_diagnostics; LLM Gateway "Error from provider: <status>", also in a 200 stream):
  | 'upstream-rate-limited' // the upstream answered 429
  | 'upstream-failed' // the upstream answered another non-2xx, or an unusable body
  | 'upstream-unreachable' // no HTTP answer from the upstream (refused, network lost)
  | 'server' // other 5xx
  | 'timeout' // our deadline passed, or a gateway 504
  | 'connection' // refused, reset, DNS, TLS: no HTTP response
  | 'malformed-response' // 2xx whose body is not the JSON/SSE it should be
  | 'stream-error' // an error frame inside a 200 stream
  | 'truncated-stream' // stream ended without finish_reason/usage
  | 'interrupted'; // the run was stopped (SIGINT) while this request was in flight

/** The shape of an error body, so a report can show that two gateways answer differently. */
export type BodyShape =
  | 'openai-envelope' // {error:{message,type,param,code}}
  | 'llmgateway-flat' // {error:true,status,message}
  | 'zod' // {success:false,error:{issues,name:"ZodError"}}
  | 'aistats-flat' // {generation_id,status_code,error:"<code>",error_type,error_origin,description}
  | 'aistats-control' // {ok:false,error,message}
  | 'sse-error-event' // LLM Gateway `event: error`
  | 'sse-error-object' // AI Stats `data: {"object":"error",…}`
  | 'text' // plain text
  | 'empty'
  | 'json-other'
  | 'none'; // no HTTP response at all

export interface NormalisedError {
  /** HTTP status; null when no response arrived (connection, timeout). */
  status: number | null;
  /** The gateway's own code when it sent one (`invalid_api_key`, `unauthorised`, …), else null. */
  code: string | null;
  message: string;
  kind: ErrorKind;
  requestId: string | null;
  /** The openai SDK error class the same call raises (`AuthenticationError`, …), or null. */
  sdkClass: string | null;
  bodyShape: BodyShape;
  /** Seconds from a Retry-After header, when present. */
  retryAfterS?: number;
}

/** Where token counts came from; defined once, in provenance.ts. */
export type UsageSource = 'reported' | 'gateway-estimated' | 'estimated' | 'missing';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  source: UsageSource;
}

/** Where a cost came from; defined once, in provenance.ts. */
export type CostSource = 'gateway' | 'catalog' | 'configured' | 'estimated' | 'unknown';

/** Exact USD as integer nanos (1e-9 USD). `nanos` is null exactly when `source` is 'unknown'. */
export type Cost = { source: 'unknown'; nanos: null } | { source: Exclude<CostSource, 'unknown'>; nanos: number };

export interface ToolCall {
  name: string;
  arguments: string;
}

/** How a stream ended; a stream is complete by its content, never by `[DONE]`. */
export interface StreamInfo {
  frames: number;
  sawDone: boolean;
  usageFrames: number;
  /** What proved completeness: a finish_reason, a usage frame, both, or nothing (truncated). */
  completeBy: 'finish_reason' | 'usage' | 'finish_reason+usage' | 'none';
  /** Frames seen after [DONE] (LLM Gateway repeats usage + [DONE]); ignored for content. */
  framesAfterDone: number;
  /** The final frame was a whole `chat.completion` (AI Stats Responses-route providers). */
  finalCompletionFrame: boolean;
}
