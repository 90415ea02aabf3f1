/** LLM Gateway's bodies and stream frames (captures/llmgateway.md; newer source unless legacy). */
import type { FaultKind } from '../config/schema.ts';
import type { ChatRender, FaultAnswer, Piece, StreamRender } from './chatflow.ts';
import { nowSeconds } from './chatflow.ts';
import { rateLimitHeaders } from './faults.ts';
import type { Headers } from './http.ts';
import type { SimAnswer } from './responder.ts';
import type { SimModel } from './catalog.ts';
import { usdPerTokenString } from './catalog.ts';
import { assistantMessage, deltaOf, estimateTokens, pieceText, usageOf } from './shapes.ts';
import type { RequestDraw } from './state.ts';

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

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 429: 'Too Many Requests', 500: 'Internal Server Error' };

/** "Error from provider: 429 Too Many Requests": type/code gateway_error below 500, upstream_error from 500 (C50/C51). */
function upstreamError(status: number) {
  const type = status < 500 ? 'gateway_error' : 'upstream_error';
  return { message: `Error from provider: ${status} ${STATUS_TEXT[status] ?? 'Error'}`, type, param: null, code: type };
}

export interface LlmRenderInput {
  legacy: boolean;
  model: SimModel;
  requestedModel: string;
  requestId: string;
  answer: SimAnswer;
  draw: RequestDraw;
  /** The upstream sent no usage: the stream carries the gateway's own estimate, unstreamed bodies none. */
  upstreamOmitsUsage: boolean;
  /** Characters of the request's messages, for the gateway's estimate (about chars/4). */
  promptChars: number;
}

export function llmGatewayRender(input: LlmRenderInput): ChatRender {
  const { legacy, model, answer, requestId, upstreamOmitsUsage } = input;
  const headers: Headers = { 'x-request-id': requestId };
  const id = `chatcmpl-sim${requestId.slice(0, 20)}`;
  const created = nowSeconds();
  const json = (status: number, body: unknown, extra: Headers = {}): FaultAnswer => ({ type: 'json', status, headers: { ...headers, ...extra }, body });
  const routing = { usedProvider: model.provider, requestedModel: input.requestedModel, usedModel: model.slug };
  /** The upstream answered `status` (C50/C51; streamed: C60/C61, 200 + `event: error` + `[DONE]`). */
  const upstreamStatus = (status: number, stream: boolean): FaultAnswer => {
    if (!stream) return json(500, { error: { ...upstreamError(status), ...routing } });
    let n = 0;
    const frame = (event: string, data: string) => `event: ${event}\ndata: ${data}\nid: ${n++}\n\n`;
    return { type: 'sse', headers, frames: [frame('error', JSON.stringify({ error: upstreamError(status) })), frame('done', '[DONE]')] };
  };
  const internal = () => json(500, gatewayError(legacy, 500, 'Internal Server Error'));
  const fault = (kind: FaultKind, stream: boolean): FaultAnswer | null => {
    switch (kind) {
      case 'upstream-rate-limited':
        return upstreamStatus(429, stream);
      case 'upstream-failed':
        return upstreamStatus(500, stream);
      // Refused connection (C56/C66): a generic 500, or a 200 stream with an empty body.
      case 'upstream-unreachable':
        return stream ? { type: 'sse', headers, frames: [] } : internal();
      // Non-JSON upstream (C53): a generic 500; streamed, the gateway's estimated usage and [DONE].
      case 'upstream-not-json': {
        if (!stream) return internal();
        const s = llmGatewayStream(input, id, created, headers);
        return { type: 'sse', headers, frames: s.cut() };
      }
      // The snapshot has no failures of its own besides its generic 500 (no rate limit, no 502/504/529).
      case 'http-429':
      case 'http-429-retry-after':
        if (legacy) return { type: 'normal' };
        return json(429, gatewayError(false, 429, 'Rate limit exceeded. Please try again later.'), kind === 'http-429-retry-after' ? rateLimitHeaders(Date.now()) : {});
      case 'http-500':
        return internal();
      case 'http-502':
        if (legacy) return { type: 'normal' };
        return json(502, { error: { message: 'Failed to connect to the upstream provider', type: 'upstream_error', param: null, code: 'upstream_error' } });
      case 'http-504':
        return legacy ? { type: 'normal' } : json(504, gatewayError(false, 504, 'Upstream provider timed out'));
      case 'http-529':
        return legacy ? { type: 'normal' } : json(529, { error: { message: 'Upstream provider overloaded', type: 'overloaded_error', param: null, code: 'overloaded' } });
      default:
        return null;
    }
  };
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
        // The upstream's body passes through unchanged: no usage when it sent none.
        ...(upstreamOmitsUsage ? {} : { usage: usageOf(answer) }),
      },
    }),
    fault,
    stream: () => llmGatewayStream(input, id, created, headers),
  };
}

function llmGatewayStream(input: LlmRenderInput, id: string, created: number, headers: Headers): StreamRender {
  const { legacy, model, answer, draw, upstreamOmitsUsage, promptChars } = input;
  let n = 0;
  let sentText = '';
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\nid: ${n++}\n\n`;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    frame('chunk', { id, object: 'chat.completion.chunk', created, model: model.slug, system_fingerprint: 'fp_sim', choices, ...extra });
  const gatewayUsage = (usage: unknown) =>
    frame('chunk', { id: `chatcmpl-${Date.now()}`, object: 'chat.completion.chunk', created, model: model.slug, choices: [{ index: 0, delta: {}, finish_reason: null }], usage });
  /** The gateway's own estimate (about chars/4) when the upstream sent no usage or broke off (C62/C63). */
  const estimated = () => {
    const prompt = Math.max(1, Math.round(promptChars / 4));
    const completion = sentText === '' ? 0 : estimateTokens(sentText);
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  };
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
    finish: () => {
      const last = chunk([{ index: 0, delta: { role: 'assistant' }, logprobs: null, finish_reason: answer.finishReason }]);
      if (!upstreamOmitsUsage) return [last, chunk([], { usage: usageOf(answer) }), gatewayUsage(usageOf(answer)), done()];
      // C63: estimated usage and [DONE], each sent twice.
      const usage = gatewayUsage(estimated());
      return [last, usage, done(), gatewayUsage(estimated()), done()];
    },
    cut: () => [gatewayUsage(estimated()), done()],
    error: () => [
      frame(
        'error',
        legacy
          ? { error: upstreamError(500) }
          : { error: { message: 'Upstream stream terminated unexpectedly before completion', type: 'gateway_error', param: null, code: 'streaming_error', details: { statusCode: 502 } } },
      ),
      done(),
    ],
    errorAfter: (total) => (errorBeforeAnyChunk ? 0 : Math.max(1, Math.floor(total / 2))),
  };
}

/** `GET /v1/models`: `{data:[…]}`, unprefixed ids, USD-per-token strings from JS number formatting. */
export function llmGatewayCatalog(models: readonly SimModel[], unpriced: ReadonlySet<string> = new Set()): unknown {
  const created = nowSeconds();
  return {
    data: models.map((m) => {
      const free = unpriced.has(m.id);
      const prompt = free ? '0' : usdPerTokenString(m.inputUsdPerM);
      const completion = free ? '0' : usdPerTokenString(m.outputUsdPerM);
      const image = m.image && !free && m.inputUsdPerM > 0 ? '0.00553' : '0';
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
