/**
 * The simulator's fault kinds: each is named after what the client sees, and each profile
 * renders the answer its real gateway gives (captures/*.md). This table is what
 * `serve-sim --help` prints, so a fault's name and the real behaviour it reproduces stay together.
 */
import type { FaultKind } from '../config/schema.ts';

/** Faults a profile answers in its own shape before any normal answer (status + body, or a 200 stream). */
export type AnswerFault = Extract<
  FaultKind,
  | 'http-429'
  | 'http-429-retry-after'
  | 'http-500'
  | 'http-502'
  | 'http-504'
  | 'http-529'
  | 'upstream-rate-limited'
  | 'upstream-failed'
  | 'upstream-unreachable'
  | 'upstream-not-json'
>;

export function isAnswerFault(kind: FaultKind): kind is AnswerFault {
  return kind.startsWith('http-') || kind.startsWith('upstream-');
}

/** Faults that only make sense inside a stream; a non-streamed request is answered normally (unless a profile says otherwise). */
export const STREAM_ONLY_FAULTS: ReadonlySet<FaultKind> = new Set(['stream-cut', 'stream-error', 'slow-drip']);

/** Retry-After and rate-limit headers (LLM Gateway's newer `lib/rate-limit-headers.ts`). */
export function rateLimitHeaders(nowMs: number): Record<string, string> {
  const reset = Math.ceil(nowMs / 1000) + 1;
  return {
    'retry-after': '1',
    'ratelimit-policy': '60;w=60',
    ratelimit: 'limit=60, remaining=0, reset=1',
    'ratelimit-limit': '60',
    'ratelimit-remaining': '0',
    'ratelimit-reset': '1',
    'x-ratelimit-limit': '60',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(reset),
  };
}

/** What each fault reproduces, per gateway (LLM Gateway = newest known; "legacy" = the June 2025 snapshot). */
export const FAULT_HELP: Readonly<Record<FaultKind, string>> = {
  'http-429': "the gateway's own rate limit. AI Stats: 429 key_limit_exceeded, no Retry-After (C10). LLM Gateway: 429 rate_limit_error (newer source); legacy has none, so not injected.",
  'http-429-retry-after':
    'as http-429 plus Retry-After and RateLimit-*/X-RateLimit-* headers (LLM Gateway newer source). AI Stats never sends them: same as http-429.',
  'http-500': "the gateway's own 500. AI Stats: pipeline_execution_error. LLM Gateway: internal error (legacy: flat {error:true,…}).",
  'http-502': 'AI Stats: 502 upstream_error (as upstream-failed). LLM Gateway: 502 "Failed to connect to the upstream provider" (newer source); legacy never answers 502: not injected.',
  'http-504': 'LLM Gateway: 504 timeout_error (newer source); legacy: not injected. AI Stats has no 504: a made-up one in its body shape.',
  'http-529': 'not seen on either real chat route; a made-up 529 in each body shape (legacy LLM Gateway: not injected).',
  'upstream-rate-limited':
    'the upstream answers 429. AI Stats: 502 upstream_error, failed_statuses [429], category rate_limited, Retry-After dropped, JSON even for a stream (C12). LLM Gateway: 500 gateway_error "Error from provider: 429 …" (C51); streamed: 200 with event: error, then [DONE] (C61).',
  'upstream-failed':
    'the upstream answers 500. AI Stats: 502 upstream_error, failed_statuses [500] (C13). LLM Gateway: 500 upstream_error (C50); streamed: 200 with event: error, then [DONE] (C60).',
  'upstream-unreachable':
    'the upstream refuses the connection. AI Stats: 502 upstream_error, failure_sample status null, no failed_statuses, a stack trace in the body (C14). LLM Gateway: 500 "Internal Server Error" (C56); streamed: 200 with an empty body (C66).',
  'upstream-not-json':
    'the upstream answers 200 with a body that is not JSON. LLM Gateway: 500 "Internal Server Error" (C53); streamed: an estimated usage chunk, then [DONE]. AI Stats (not captured): 502 normalization_failed.',
  reset: 'the connection drops before any status line (a network fault between client and gateway; neither gateway drops the client for an upstream failure).',
  hang: 'no answer at all until the client gives up (neither gateway times out its upstream: LLM Gateway ~301 s, AI Stats none).',
  'not-json': 'HTTP 200 with an HTML page (a proxy or CDN error page in front of the gateway).',
  'stream-cut':
    'the upstream connection breaks mid-stream. LLM Gateway: an estimated usage chunk and [DONE], no finish_reason, no error (C62). AI Stats: the stream just ends.',
  'stream-error':
    'the upstream fails mid-response. AI Stats: {"object":"error","message":"stream_error"} frame on Responses-route models (openai/*), the stream just ends on others; unstreamed: 502 google_empty_response on Responses-route models. LLM Gateway: event: error code streaming_error (newer source); legacy: event: error before any chunk.',
  'slow-drip': 'chunks arrive at least 25 ms apart (10× the latency model): a slow upstream, the stream still completes.',
};
