/** AI Stats' bodies and stream frames (captures/aistats.md): flat errors, G-<ULID> ids, nanos cost. */
import type { ChatRender, Piece, StreamRender } from './chatflow.ts';
import { nowSeconds } from './chatflow.ts';
import type { FaultKind } from '../config/schema.ts';
import type { FaultAnswer } from './chatflow.ts';
import type { Headers } from './http.ts';
import { dataFrame } from './http.ts';
import type { SimModel } from './catalog.ts';
import type { SimAnswer } from './responder.ts';
import { assistantMessage, deltaOf, usageOf } from './shapes.ts';
import { pricingFor, topLevelCost, unpricedPricing } from './aistats-pricing.ts';

export const CORS: Headers = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, traceparent, tracestate, x-title, http-referer, x-app-id, x-app-name, x-phaseo-client, x-phaseo-client-version, x-gateway-debug, x-phaseo-debug, X-Phaseo-Strictness, x-phaseo-cache-revalidate',
  'access-control-max-age': '86400',
};

export function pipelineHeaders(): Headers {
  return { ...CORS, 'cache-control': 'no-store', 'server-timing': 'sim;dur=0', 'timing-allow-origin': '*' };
}

/** A pipeline error: status, flat body and the attribution headers. */
export function aiStatsError(
  generationId: string,
  status: number,
  error: string,
  description: string,
  who: { type: 'user' | 'system'; origin: Party; attribution: 'user' | 'upstream' },
  extra: Record<string, unknown> = {},
): { status: number; headers: Headers; body: unknown } {
  return {
    status,
    headers: { ...pipelineHeaders(), 'x-gateway-error-attribution': who.attribution, 'x-gateway-error-origin': who.origin },
    body: { generation_id: generationId, status_code: status, error, error_type: who.type, error_origin: who.origin, description, ...extra },
  };
}

export const USER_ERROR = { type: 'user', origin: 'user', attribution: 'user' } as const;

export interface AiStatsRenderInput {
  model: SimModel;
  generationId: string;
  answer: SimAnswer;
  /** `openai/*` models go through the Responses route: whole-completion final frame. */
  responsesRoute: boolean;
  /** The model's price card never matches the usage: a zero total with no lines, no top-level cost. */
  unpriced: boolean;
  /** The upstream sent no usage: usage {0,0,0} unstreamed, no usage chunk streamed. */
  upstreamOmitsUsage: boolean;
}

export function aiStatsRender(input: AiStatsRenderInput): ChatRender {
  const { model, generationId: id, answer, responsesRoute } = input;
  const created = nowSeconds();
  const startedAtMs = Date.now();
  const native = responsesRoute ? `resp_sim${id.slice(2, 14)}` : `chatcmpl-sim${id.slice(2, 14)}`;
  const pricing = () => (input.unpriced || input.upstreamOmitsUsage ? unpricedPricing() : pricingFor(model, answer, startedAtMs));
  const counts = () => (input.upstreamOmitsUsage ? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } : usageOf(answer));
  const usage = () => ({ ...counts(), pricing: pricing() });
  const completion = () => {
    const base: Record<string, unknown> = { ...assistantMessage(answer), annotations: [] };
    // Responses-route bodies also carry `tool_calls: []` and the token details (C15).
    const message = responsesRoute ? { ...base, tool_calls: base['tool_calls'] ?? [] } : base;
    const u = responsesRoute
      ? { ...counts(), prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 }, pricing: pricing() }
      : usage();
    return {
      id,
      nativeResponseId: native,
      object: 'chat.completion',
      created,
      model: model.id,
      provider: model.provider,
      provider_id: model.provider,
      choices: [{ index: 0, message, logprobs: null, finish_reason: answer.finishReason }],
      usage: u,
      ...topLevelCost(u.pricing),
    };
  };
  return {
    completion: () => ({ headers: pipelineHeaders(), body: completion() }),
    fault: (kind, stream) => fault(kind, stream, id, model, responsesRoute),
    stream: () => aiStatsStream(input, created, native, usage),
  };
}

function aiStatsStream(input: AiStatsRenderInput, created: number, native: string, usage: () => Record<string, unknown>): StreamRender {
  const { model, generationId: id, answer, responsesRoute, upstreamOmitsUsage } = input;
  // Chunks carry the provider's own slug; only the Responses-route final frame has the canonical id.
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    dataFrame({ id, object: 'chat.completion.chunk', created, model: model.slug, choices, ...extra, nativeResponseId: native });
  return {
    headers: { ...pipelineHeaders(), 'cache-control': 'no-store' },
    open: () => (responsesRoute ? [] : [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])]),
    piece: (p: Piece) => [chunk([{ index: 0, delta: deltaOf(p, responsesRoute), finish_reason: null }])],
    finish: () => {
      if (!responsesRoute) {
        const last = chunk([{ index: 0, delta: {}, finish_reason: answer.finishReason }]);
        // Upstream sent no usage: no usage chunk at all.
        return upstreamOmitsUsage ? [last] : [last, chunk([], { usage: usage() })];
      }
      // The final frame's message has no `refusal` (C17).
      const { refusal: _refusal, ...message } = assistantMessage(answer);
      const final = { ...message, tool_calls: message['tool_calls'] ?? [] };
      const u = upstreamOmitsUsage ? {} : { usage: { ...usage(), completion_tokens_details: { reasoning_tokens: 0 } } };
      return [dataFrame({ id, object: 'chat.completion', nativeResponseId: native, created, model: model.id, choices: [{ index: 0, message: final, finish_reason: answer.finishReason }], ...u })];
    },
    // A broken upstream just ends the stream: no usage, no error, no [DONE].
    cut: () => [],
    // Responses-route `response.failed` becomes an error frame whose message is the literal "stream_error";
    // a chat-route upstream that fails just ends the stream.
    error: () => (responsesRoute ? [dataFrame({ object: 'error', message: 'stream_error', nativeResponseId: native, id })] : []),
    errorAfter: (total) => Math.max(1, Math.floor(total / 2)),
  };
}

type Party = 'user' | 'gateway' | 'upstream';
const system = (origin: Party) => ({ type: 'system', origin, attribution: origin === 'upstream' ? 'upstream' : 'user' }) as const;

/** A 502 `upstream_error` / `all_candidates_failed` with the diagnostics the real gateway adds (C12–C14). */
function upstreamFailure(id: string, model: SimModel, upstream: { status: 429 | 500 } | { status: null }): { status: number; headers: Headers; body: unknown } {
  const p = model.provider;
  const routing = { model: model.id, endpoint: 'chat.completions', routingMode: 'balanced', finalCandidateCount: 1 };
  if (upstream.status === null) {
    const detail = 'Error: Network connection lost.\n    at fetchUpstream (worker.js:1:1)';
    return aiStatsError(id, 502, 'upstream_error', `Provider "${p}" failed for endpoint "chat.completions" on model "${model.id}". Upstream message: Network connection lost.. Upstream detail: ${detail} Inspect failure_sample for per-attempt diagnostics.`, system('upstream'), {
      reason: 'all_candidates_failed',
      attempt_count: 1,
      failed_providers: [p],
      // No HTTP status was received, so there is no failed_statuses.
      failure_sample: [{ provider: p, type: 'retryable_error', status: null, upstream_error_code: null, upstream_error_message: 'Network connection lost.', upstream_error_description: detail, upstream_error_param: null, retryable: true }],
      upstream_error: { code: null, message: 'Network connection lost.', description: detail, param: null },
      routing_diagnostics: routing,
    });
  }
  const limited = upstream.status === 429;
  const code = limited ? 'rate_limit_exceeded' : 'server_error';
  const message = limited ? 'Rate limit reached' : 'Internal error';
  const hint = limited ? 'The provider is rate limiting requests; retry with backoff.' : 'The provider returned a server error; retrying may succeed.';
  const preview = JSON.stringify({ error: { message, type: limited ? 'rate_limit_error' : 'server_error', code } });
  return aiStatsError(
    id,
    502,
    'upstream_error',
    `Provider "${p}" failed with HTTP ${upstream.status} for endpoint "chat.completions" on model "${model.id}". Upstream code: ${code}. Upstream message: ${message}. Hint: ${hint} Inspect failure_sample for per-attempt diagnostics.`,
    system('upstream'),
    {
      reason: 'all_candidates_failed',
      attempt_count: 1,
      failed_providers: [p],
      failed_statuses: [upstream.status],
      failure_sample: [{ provider: p, type: 'upstream_non_2xx', status: upstream.status, upstream_error_code: code, upstream_error_message: message, upstream_error_description: null, upstream_error_param: null, upstream_payload_preview: preview, retryable: null }],
      upstream_error: { code, message, description: null, param: null },
      routing_diagnostics: routing,
      provider_failure_diagnostics: limited
        ? { category: 'rate_limited', hint: 'The provider is rate limiting this request. Retry with backoff or another provider.', provider: p }
        : { category: 'server_error', hint: 'The provider returned a server-side failure. Retrying later may succeed.', provider: p },
    },
  );
}

function fault(kind: FaultKind, stream: boolean, id: string, model: SimModel, responsesRoute: boolean): FaultAnswer | null {
  const json = (e: { status: number; headers: Headers; body: unknown }): FaultAnswer => ({ type: 'json', ...e });
  switch (kind) {
    // The gateway's own key limit: no Retry-After or rate headers, ever (C10).
    case 'http-429':
    case 'http-429-retry-after':
      return json(aiStatsError(id, 429, 'key_limit_exceeded', 'This API key has reached its daily request limit (100/100).', USER_ERROR));
    case 'http-500':
      return json(aiStatsError(id, 500, 'pipeline_execution_error', 'Internal pipeline execution error.', system('gateway')));
    // Upstream failures are 502 JSON, even for a streamed request.
    case 'upstream-rate-limited':
      return json(upstreamFailure(id, model, { status: 429 }));
    case 'http-502':
    case 'upstream-failed':
      return json(upstreamFailure(id, model, { status: 500 }));
    case 'upstream-unreachable':
      return json(upstreamFailure(id, model, { status: null }));
    // Listed among the upstream failure classes; not captured, so the body is the plain flat shape.
    case 'upstream-not-json':
      return json(aiStatsError(id, 502, 'normalization_failed', `Provider "${model.provider}" returned a response that could not be normalised.`, system('upstream')));
    // The real gateway has no 504/529 of its own; a forced fault still uses its body shape.
    case 'http-504':
      return json(aiStatsError(id, 504, 'upstream_timeout', 'The upstream provider did not answer in time.', system('upstream')));
    case 'http-529':
      return json(aiStatsError(id, 529, 'upstream_overloaded', 'The upstream provider is overloaded.', system('upstream')));
    // The worker streams from a Responses-route upstream even for an unstreamed request, so a failed response is a 502.
    case 'stream-error':
      if (stream || !responsesRoute) return null;
      return json(aiStatsError(id, 502, 'google_empty_response', `Provider "${model.provider}" returned no output for model "${model.id}".`, system('upstream')));
    default:
      return null;
  }
}
