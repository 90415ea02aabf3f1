/**
 * Simulated LLM Gateway. Check order: 415 content-type → JSON → schema → model → key
 * (captures/llmgateway.md fact 4). `legacy` reproduces the June 2025 snapshot.
 */
import { canonicalModelId } from '../gateway/alias.ts';
import { findModel, providersOf, type SimModel } from './catalog.ts';
import { deliverChat } from './chatflow.ts';
import { bearer, header, parseJson, readBody, sendJson, sendNotFound, sendRaw, type RequestContext } from './http.ts';
import { gatewayError, llmGatewayCatalog, llmGatewayRender } from './llmgateway-render.ts';
import { messageText, validateChat, type Issue } from './request.ts';
import { alnumId } from './rng.ts';
import type { SimState } from './state.ts';

export async function handleLlmGateway(ctx: RequestContext, state: SimState): Promise<void> {
  const { method, url, res } = ctx;
  const legacy = state.sim.legacy;
  if (method === 'OPTIONS') return sendRaw(res, 204, '', { 'access-control-allow-methods': 'POST,GET,OPTIONS', 'access-control-allow-headers': 'Content-Type,Cache-Control', 'access-control-max-age': '600' });
  // Every POST passes the content-type middleware first, whatever the route.
  if (method === 'POST' && !(header(ctx.req, 'content-type') ?? '').includes('application/json')) {
    return sendJson(res, 415, gatewayError(legacy, 415, 'Unsupported Media Type: Content-Type must be application/json'));
  }
  if (method === 'GET' && url.pathname === '/') {
    const health = { status: 'ok', redis: { connected: true }, database: { connected: true } };
    return sendJson(res, 200, legacy ? { message: 'OK', health } : { message: 'OK', version: 'sim', health });
  }
  if (method === 'GET' && url.pathname === '/v1/models') return sendJson(res, 200, llmGatewayCatalog(state.catalog, new Set(state.sim.unpricedModels)));
  if (method === 'POST' && url.pathname === '/v1/chat/completions') return chat(ctx, state);
  return sendNotFound(res);
}

async function chat(ctx: RequestContext, state: SimState): Promise<void> {
  const { res } = ctx;
  const legacy = state.sim.legacy;
  const parsed = parseJson(await readBody(ctx.req));
  if (!parsed.ok) return sendJson(res, 400, gatewayError(legacy, 400, 'Malformed JSON in request body'));
  const validated = validateChat(parsed.value, { narrow: legacy, dropTools: legacy });
  if (!validated.ok) return sendJson(res, 400, zodBody(validated.issues));
  const request = validated.request;
  const requestId = header(ctx.req, 'x-request-id') ?? alnumId(40);
  const headers = { 'x-request-id': requestId };

  const resolved = resolveModel(request.model, state.catalog);
  if (resolved.kind === 'error') {
    const status = state.sim.drift?.unknownModelStatus;
    if (status !== undefined) return sendJson(res, status, gatewayError(legacy, status, 'Internal Server Error'), headers);
    return sendJson(res, 400, gatewayError(legacy, 400, resolved.message), headers);
  }

  const auth = bearer(ctx.req);
  if (auth.kind !== 'token' || auth.token !== state.apiKey) {
    const message =
      auth.kind === 'missing'
        ? "Unauthorized: No Authorization header provided. Expected 'Bearer your-api-token'"
        : auth.kind === 'malformed'
          ? "Unauthorized: Invalid Authorization header format. Expected 'Bearer your-api-token'"
          : legacy
            ? 'Unauthorized: Invalid token'
            : 'Unauthorized: Invalid LLMGateway API token. Please make sure the token is not deleted or disabled.';
    return sendJson(res, 401, gatewayError(legacy, 401, message), headers);
  }

  // C44: a model whose provider has no key configured is an invalid request, not an unknown model.
  if (state.sim.providersWithoutKey.includes(resolved.model.provider)) {
    return sendJson(res, 400, gatewayError(legacy, 400, `No API key set in environment for provider: ${resolved.model.provider}`), headers);
  }
  // `auto` routes to gpt-4o-mini (C84): the answer and its `model` are gpt-4o-mini's.
  const model = resolved.model.slug === 'auto' ? (state.catalog.find((m) => m.slug === 'gpt-4o-mini') ?? resolved.model) : resolved.model;
  const routed = model === resolved.model ? request : { ...request, model: model.slug };
  await deliverChat({
    ctx,
    state,
    request: routed,
    requestId,
    render: (answer, draw) =>
      llmGatewayRender({
        legacy,
        model,
        requestedModel: request.model,
        requestId,
        answer,
        draw,
        upstreamOmitsUsage: state.sim.upstreamOmitsUsage.includes(model.id),
        promptChars: request.messages.reduce((n, m) => n + messageText(m).length, 0),
      }),
  });
}

type Resolved = { kind: 'ok'; model: SimModel } | { kind: 'error'; message: string };

/**
 * `gpt-4o` and `openai/gpt-4o` both resolve; a prefix names a *provider* (`google-ai-studio`,
 * not `google`), and an unknown one is an unknown provider (captures/llmgateway.md fact 13).
 */
export function resolveModel(id: string, catalog: readonly SimModel[]): Resolved {
  const slash = id.indexOf('/');
  if (slash < 0) {
    const model = findModel(catalog, canonicalModelId(id)) ?? catalog.find((m) => m.slug === id);
    return model ? { kind: 'ok', model } : { kind: 'error', message: `Requested model ${id} not supported` };
  }
  const prefix = id.slice(0, slash);
  const name = id.slice(slash + 1);
  if (!providersOf(catalog).includes(prefix)) {
    return {
      kind: 'error',
      message: `Requested provider ${prefix} not supported. If you requested a model on a specific provider, make sure to prefix the model name with the provider name. e.g. inference.net/llama-3.3-70b-instruct`,
    };
  }
  const bySlug = catalog.filter((m) => m.slug === name);
  const model = bySlug.find((m) => m.provider === prefix);
  if (model) return { kind: 'ok', model };
  if (bySlug.length > 0) return { kind: 'error', message: `Provider ${prefix} does not support model ${name}` };
  return { kind: 'error', message: `Requested model ${name} not supported` };
}

/** zod 3's default 400 body, as @hono/zod-openapi sends it. */
function zodBody(issues: readonly Issue[]): unknown {
  return {
    success: false,
    error: {
      issues: issues.map((i) =>
        i.code === 'invalid_enum_value'
          ? {
              received: i.received,
              code: i.code,
              options: i.options ?? [],
              path: i.path,
              message: `Invalid enum value. Expected ${(i.options ?? []).map((o) => `'${o}'`).join(' | ')}, received '${i.received}'`,
            }
          : {
              code: i.code,
              expected: i.expected,
              received: i.received,
              path: i.path,
              message: i.received === 'undefined' ? 'Required' : `Expected ${i.expected}, received ${i.received}`,
            },
      ),
      name: 'ZodError',
    },
  };
}
