/**
 * A plain OpenAI-compatible server: OpenAI error envelope, plain SSE ending in `[DONE]`, usage in a
 * stream only with `stream_options.include_usage`. Check order: key → JSON → schema → model.
 */
import { canonicalModelId } from '../gateway/alias.ts';
import { findModel } from './catalog.ts';
import { deliverChat, nowSeconds, type ChatRender, type Piece } from './chatflow.ts';
import { bearer, dataFrame, parseJson, readBody, sendJson, sendNotFound, type RequestContext } from './http.ts';
import { validateChat, type ChatRequest } from './request.ts';
import type { SimAnswer } from './responder.ts';
import { alnumId } from './rng.ts';
import { assistantMessage, deltaOf, usageOf } from './shapes.ts';
import type { SimState } from './state.ts';
import { isAnswerFault, rateLimitHeaders, type AnswerFault } from './faults.ts';

function envelope(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export async function handleOpenAI(ctx: RequestContext, state: SimState): Promise<void> {
  const { method, url, res } = ctx;
  const requestId = `req_${alnumId(24)}`;
  const headers = { 'x-request-id': requestId };
  const isChat = method === 'POST' && url.pathname === '/v1/chat/completions';
  const isModels = method === 'GET' && url.pathname === '/v1/models';
  if (!isChat && !isModels) return sendNotFound(res);
  const auth = bearer(ctx.req);
  if (auth.kind !== 'token' || auth.token !== state.apiKey) {
    const message = auth.kind === 'token' ? 'Incorrect API key provided.' : "You didn't provide an API key.";
    return sendJson(res, 401, envelope(message, 'invalid_request_error', auth.kind === 'token' ? 'invalid_api_key' : null), headers);
  }
  if (isModels) {
    const data = state.catalog.map((m) => ({ id: m.id, object: 'model', created: nowSeconds(), owned_by: m.org }));
    return sendJson(res, 200, { object: 'list', data }, headers);
  }
  const parsed = parseJson(await readBody(ctx.req));
  if (!parsed.ok) return sendJson(res, 400, envelope('We could not parse the JSON body of your request.', 'invalid_request_error', null), headers);
  const validated = validateChat(parsed.value, { narrow: false, dropTools: false });
  if (!validated.ok) {
    const issue = validated.issues[0];
    const param = issue ? issue.path.join('.') : null;
    return sendJson(res, 400, envelope(`Invalid value for '${param ?? 'body'}': expected ${issue?.expected ?? 'object'}.`, 'invalid_request_error', 'invalid_value', param), headers);
  }
  const request = validated.request;
  const model = findModel(state.catalog, canonicalModelId(request.model));
  if (model === undefined) {
    const status = state.sim.drift?.unknownModelStatus;
    if (status !== undefined) return sendJson(res, status, envelope('The server had an error while processing your request.', 'server_error', null), headers);
    return sendJson(res, 404, envelope(`The model \`${request.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'), headers);
  }
  await deliverChat({ ctx, state, request, requestId, render: (answer) => openAIRender(request, answer, headers) });
}

const FAULTS: Record<AnswerFault, { status: number; message: string; type: string; code: string | null }> = {
  'http-429': { status: 429, message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  'http-429-retry-after': { status: 429, message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  'http-500': { status: 500, message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  'http-502': { status: 502, message: 'Bad gateway.', type: 'server_error', code: null },
  'http-504': { status: 504, message: 'Gateway timeout.', type: 'server_error', code: null },
  'http-529': { status: 529, message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: 'overloaded' },
  // A plain OpenAI-compatible server is its own upstream: upstream failures are its own 5xx.
  'upstream-rate-limited': { status: 429, message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' },
  'upstream-failed': { status: 500, message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  'upstream-unreachable': { status: 502, message: 'Bad gateway.', type: 'server_error', code: null },
  'upstream-not-json': { status: 500, message: 'The server had an error while processing your request.', type: 'server_error', code: null },
};

function openAIRender(request: ChatRequest, answer: SimAnswer, headers: Record<string, string>): ChatRender {
  const id = `chatcmpl-sim${headers['x-request-id']?.slice(4, 20) ?? ''}`;
  const created = nowSeconds();
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    dataFrame({ id, object: 'chat.completion.chunk', created, model: request.model, choices, ...extra });
  return {
    completion: () => ({
      headers,
      body: { id, object: 'chat.completion', created, model: request.model, choices: [{ index: 0, message: assistantMessage(answer), logprobs: null, finish_reason: answer.finishReason }], usage: usageOf(answer) },
    }),
    fault: (kind) => {
      if (!isAnswerFault(kind)) return null;
      const f = FAULTS[kind];
      const limit = kind === 'http-429-retry-after' ? rateLimitHeaders(Date.now()) : {};
      return { type: 'json', status: f.status, headers: { ...limit, ...headers }, body: envelope(f.message, f.type, f.code) };
    },
    stream: () => ({
      headers,
      open: () => [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])],
      piece: (p: Piece) => [chunk([{ index: 0, delta: deltaOf(p, false), finish_reason: null }])],
      finish: () => [
        chunk([{ index: 0, delta: {}, finish_reason: answer.finishReason }]),
        ...(request.includeUsage ? [chunk([], { usage: usageOf(answer) })] : []),
        dataFrame('[DONE]'),
      ],
      cut: () => [],
      error: () => [dataFrame(envelope('The server had an error while processing your request.', 'server_error', 'stream_error'))],
      errorAfter: (total) => Math.max(1, Math.floor(total / 2)),
    }),
  };
}
