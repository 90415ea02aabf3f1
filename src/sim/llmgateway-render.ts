/** LLM Gateway's bodies and stream frames (captures/llmgateway.md; newer source unless legacy). */
import type { ChatRender, Piece, StreamRender } from './chatflow.ts';
import { nowSeconds } from './chatflow.ts';
import type { Headers } from './http.ts';
import type { SimAnswer } from './responder.ts';
import type { SimModel } from './catalog.ts';
import { usdPerTokenString } from './catalog.ts';
import { assistantMessage, deltaOf, estimateTokens, pieceText, usageOf } from './shapes.ts';
import type { HttpFault, RequestDraw } from './state.ts';

/** Status → OpenAI-envelope meta of the newer `lib/error-response.ts` (codes partly inferred). */
const META: Record<number, { type: string; code: string }> = {
  400: { type: 'invalid_request_error', code: 'invalid_request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  402: { type: 'invalid_request_error', code: 'billing_error' },
  415: { type: 'invalid_request_error', code: 'unsupported_media_type' },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: 'internal_server_error' },
  504: { type: 'timeout_error', code: 'timeout' },
};

/** The gateway's own error body: flat `{error:true,…}` in the June 2025 snapshot, the envelope since. */
export function gatewayError(legacy: boolean, status: number, message: string): unknown {
  if (legacy) return { error: true, status, message };
  const meta = META[status] ?? META[500] ?? { type: 'server_error', code: 'internal_server_error' };
  return { error: { message, type: meta.type, param: null, code: meta.code } };
}

const STATUS_TEXT: Record<number, string> = { 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 504: 'Gateway Timeout', 529: 'Overloaded' };

export interface LlmRenderInput {
  legacy: boolean;
  model: SimModel;
  requestedModel: string;
  requestId: string;
  answer: SimAnswer;
  draw: RequestDraw;
}

export function llmGatewayRender(input: LlmRenderInput): ChatRender {
  const { legacy, model, answer, requestId } = input;
  const headers: Headers = { 'x-request-id': requestId };
  const id = `chatcmpl-sim${requestId.slice(0, 20)}`;
  const created = nowSeconds();
  const upstreamError = (status: number) => ({
    message: `Error from provider: ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    type: status < 500 ? 'gateway_error' : 'upstream_error',
    param: null,
    code: status < 500 ? 'gateway_error' : 'upstream_error',
  });
  return {
    completion: () => ({
      headers,
      body: {
        id,
        object: 'chat.completion',
        created,
        model: model.slug,
        system_fingerprint: 'fp_sim',
        choices: [{ index: 0, message: assistantMessage(answer), logprobs: null, finish_reason: answer.finishReason }],
        usage: usageOf(answer),
      },
    }),
    httpFault: (kind: HttpFault) => {
      const routing = { usedProvider: model.provider, requestedModel: input.requestedModel, usedModel: model.slug };
      // The snapshot has no failures of its own: every upstream status surfaces as a 500.
      if (legacy) {
        const upstream = { 'http-429': 429, 'http-429-retry-after': 429, 'http-500': 500, 'http-502': 502, 'http-504': 504, 'http-529': 529 }[kind];
        return { status: 500, headers, body: { error: { ...upstreamError(upstream), ...routing } } };
      }
      switch (kind) {
        case 'http-429':
        case 'http-429-retry-after':
          return { status: 429, headers, body: gatewayError(false, 429, 'Rate limit exceeded. Please try again later.') };
        case 'http-500':
          return { status: 500, headers, body: { error: { ...upstreamError(500), ...routing } } };
        case 'http-502':
          return { status: 502, headers, body: { error: { message: 'Failed to connect to the upstream provider', type: 'upstream_error', param: null, code: 'upstream_error' } } };
        case 'http-504':
          return { status: 504, headers, body: gatewayError(false, 504, 'Upstream provider timed out') };
        case 'http-529':
          return { status: 529, headers, body: { error: { message: 'Upstream provider overloaded', type: 'overloaded_error', param: null, code: 'overloaded' } } };
      }
    },
    stream: () => llmGatewayStream(input, id, created, headers, upstreamError(500)),
  };
}

function llmGatewayStream(input: LlmRenderInput, id: string, created: number, headers: Headers, legacyError: unknown): StreamRender {
  const { legacy, model, answer, draw } = input;
  let n = 0;
  let sentText = '';
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\nid: ${n++}\n\n`;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    frame('chunk', { id, object: 'chat.completion.chunk', created, model: model.slug, system_fingerprint: 'fp_sim', choices, ...extra });
  const gatewayUsage = (usage: unknown) =>
    frame('chunk', { id: `chatcmpl-${Date.now()}`, object: 'chat.completion.chunk', created, model: model.slug, choices: [{ index: 0, delta: {}, finish_reason: null }], usage });
  const done = () => frame('done', '[DONE]');
  // The snapshot sends its error frame only when the upstream failed before any chunk.
  const errorBeforeAnyChunk = legacy && draw.fault === 'stream-error';
  return {
    headers,
    open: () => (errorBeforeAnyChunk ? [] : [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])]),
    piece: (p: Piece) => {
      sentText += pieceText(p);
      return [chunk([{ index: 0, delta: deltaOf(p, true), logprobs: null, finish_reason: null }])];
    },
    finish: () => [
      chunk([{ index: 0, delta: { role: 'assistant' }, logprobs: null, finish_reason: answer.finishReason }]),
      chunk([], { usage: usageOf(answer) }),
      gatewayUsage(usageOf(answer)),
      done(),
    ],
    cut: () => {
      const prompt = answer.promptTokens;
      const completion = estimateTokens(sentText);
      return [gatewayUsage({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }), done()];
    },
    error: () => [
      frame(
        'error',
        legacy
          ? { error: legacyError }
          : { error: { message: 'Upstream stream terminated unexpectedly before completion', type: 'gateway_error', param: null, code: 'streaming_error', details: { statusCode: 502 } } },
      ),
      done(),
    ],
    errorAfter: (total) => (errorBeforeAnyChunk ? 0 : Math.max(1, Math.floor(total / 2))),
  };
}

/** `GET /v1/models`: `{data:[…]}`, unprefixed ids, USD-per-token strings from JS number formatting. */
export function llmGatewayCatalog(models: readonly SimModel[]): unknown {
  const created = nowSeconds();
  return {
    data: models.map((m) => {
      const prompt = usdPerTokenString(m.inputUsdPerM);
      const completion = usdPerTokenString(m.outputUsdPerM);
      const image = m.image ? '0.00553' : '0';
      return {
        id: m.slug,
        name: m.slug,
        created,
        description: `${m.slug} provided by ${m.provider}`,
        architecture: { input_modalities: m.image ? ['text', 'image'] : ['text'], output_modalities: ['text'], tokenizer: 'GPT' },
        top_provider: { is_moderated: true },
        providers: [{ providerId: m.provider, modelName: m.slug, pricing: { prompt, completion, image } }],
        pricing: { prompt, completion, image, request: '0', input_cache_read: '0', input_cache_write: '0', web_search: '0', internal_reasoning: '0' },
        context_length: m.contextLength,
        supported_parameters: ['temperature', 'max_tokens', 'top_p', 'frequency_penalty', 'presence_penalty', 'response_format', 'tools'],
      };
    }),
  };
}
