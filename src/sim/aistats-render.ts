/** AI Stats' bodies and stream frames (captures/aistats.md): flat errors, G-<ULID> ids, nanos cost. */
import type { ChatRender, Piece, StreamRender } from './chatflow.ts';
import { nowSeconds } from './chatflow.ts';
import type { Headers } from './http.ts';
import { dataFrame } from './http.ts';
import type { SimModel } from './catalog.ts';
import type { SimAnswer } from './responder.ts';
import { assistantMessage, deltaOf, usageOf } from './shapes.ts';
import { pricingFor, topLevelCost } from './aistats-pricing.ts';
import type { HttpFault } from './state.ts';

export const CORS: Headers = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, traceparent, tracestate, x-title, http-referer, x-app-id, x-app-name, x-phaseo-client, x-phaseo-client-version, x-gateway-debug, x-phaseo-debug, X-Phaseo-Strictness, x-phaseo-cache-revalidate',
  'access-control-max-age': '86400',
};

export function pipelineHeaders(): Headers {
  return { ...CORS, 'cache-control': 'no-store', 'server-timing': 'sim;dur=0', 'timing-allow-origin': '*' };
}

type Party = 'user' | 'gateway' | 'upstream';

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
}

export function aiStatsRender(input: AiStatsRenderInput): ChatRender {
  const { model, generationId: id, answer, responsesRoute } = input;
  const created = nowSeconds();
  const startedAtMs = Date.now();
  const native = responsesRoute ? `resp_sim${id.slice(2, 14)}` : `chatcmpl-sim${id.slice(2, 14)}`;
  const usage = () => ({ ...usageOf(answer), pricing: pricingFor(model, answer, startedAtMs) });
  const completion = () => {
    const message = { ...assistantMessage(answer), annotations: [] as unknown[] };
    const u = usage();
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
    httpFault: (kind: HttpFault) => fault(kind, id, model),
    stream: () => aiStatsStream(input, created, native, usage),
  };
}

function aiStatsStream(input: AiStatsRenderInput, created: number, native: string, usage: () => Record<string, unknown>): StreamRender {
  const { model, generationId: id, answer, responsesRoute } = input;
  // Chunks carry the provider's own slug; only the Responses-route final frame has the canonical id.
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    dataFrame({ id, object: 'chat.completion.chunk', created, model: model.slug, choices, ...extra, nativeResponseId: native });
  return {
    headers: { ...pipelineHeaders(), 'cache-control': 'no-store' },
    open: () => (responsesRoute ? [] : [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])]),
    piece: (p: Piece) => [chunk([{ index: 0, delta: deltaOf(p, responsesRoute), finish_reason: null }])],
    finish: () => {
      if (!responsesRoute) return [chunk([{ index: 0, delta: {}, finish_reason: answer.finishReason }]), chunk([], { usage: usage() })];
      const message = { ...assistantMessage(answer), tool_calls: assistantMessage(answer).tool_calls ?? [] };
      const u = { ...usage(), completion_tokens_details: { reasoning_tokens: 0 } };
      return [dataFrame({ id, object: 'chat.completion', nativeResponseId: native, created, model: model.id, choices: [{ index: 0, message, finish_reason: answer.finishReason }], usage: u })];
    },
    // A broken upstream just ends the stream: no usage, no error, no [DONE].
    cut: () => [],
    error: () => [dataFrame({ object: 'error', message: 'Upstream stream failed: response.failed (simulated)', id })],
    errorAfter: (total) => Math.max(1, Math.floor(total / 2)),
  };
}

function fault(kind: HttpFault, id: string, model: SimModel): { status: number; headers: Headers; body: unknown } {
  const system = (origin: Party) => ({ type: 'system', origin, attribution: origin === 'upstream' ? 'upstream' : 'user' }) as const;
  switch (kind) {
    case 'http-429':
    case 'http-429-retry-after':
      return aiStatsError(id, 429, 'key_limit_exceeded', 'This API key has reached its daily request limit (100/100).', USER_ERROR);
    case 'http-500':
      return aiStatsError(id, 500, 'pipeline_execution_error', 'Internal pipeline execution error.', system('gateway'));
    case 'http-502':
      return aiStatsError(
        id,
        502,
        'upstream_error',
        `Provider "${model.provider}" failed with HTTP 500 for endpoint "chat.completions" on model "${model.id}". Upstream code: server_error. Upstream message: Internal error. Hint: The provider returned a server error; retrying may succeed. Inspect failure_sample for per-attempt diagnostics.`,
        system('upstream'),
        {
          reason: 'all_candidates_failed',
          attempt_count: 1,
          failed_providers: [model.provider],
          failed_statuses: [500],
          failure_sample: [{ provider: model.provider, type: 'upstream_non_2xx', status: 500, upstream_error_code: 'server_error', upstream_error_message: 'Internal error', upstream_error_description: null, upstream_error_param: null, retryable: null }],
          upstream_error: { code: 'server_error', message: 'Internal error', description: null, param: null },
          provider_failure_diagnostics: { category: 'server_error', hint: 'The provider returned a server error; retrying may succeed.', provider: model.provider },
        },
      );
    // The real gateway has no 504/529 of its own; a forced fault still uses its body shape.
    case 'http-504':
      return aiStatsError(id, 504, 'upstream_timeout', 'The upstream provider did not answer in time.', system('upstream'));
    case 'http-529':
      return aiStatsError(id, 529, 'upstream_overloaded', 'The upstream provider is overloaded.', system('upstream'));
  }
}
