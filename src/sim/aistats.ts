/**
 * Simulated AI Stats (Phaseo) gateway. Check order: key (before JSON) → JSON → schema → model
 * (captures/aistats.md fact 3). Ids `G-<ULID>` live in bodies; there is no request-id header.
 */
import { splitModelId } from '../gateway/alias.ts';
import { findModel, providersOf } from './catalog.ts';
import { deliverChat } from './chatflow.ts';
import { bearer, parseJson, readBody, sendJson, sendNotFound, sendRaw, type RequestContext } from './http.ts';
import { aiStatsCatalog, readPage } from './aistats-catalog.ts';
import { aiStatsError, aiStatsRender, CORS, USER_ERROR } from './aistats-render.ts';
import { validateChat } from './request.ts';
import { ulid } from './rng.ts';
import type { SimState } from './state.ts';

export async function handleAiStats(ctx: RequestContext, state: SimState): Promise<void> {
  const { method, url, res } = ctx;
  if (method === 'OPTIONS' && url.pathname.startsWith('/v1/')) return sendRaw(res, 204, '', CORS);
  if (method === 'GET' && url.pathname === '/') {
    const body = { message: 'Welcome to the Phaseo Gateway API! Documentation is available at https://phaseo.app', timestamp: new Date().toISOString() };
    return sendJson(res, 200, body, {}, true);
  }
  if (method === 'GET' && url.pathname === '/v1/health') return sendJson(res, 200, { status: 'ok' }, CORS);
  if (method === 'GET' && url.pathname === '/v1/models') return models(ctx, state);
  if (method === 'POST' && url.pathname === '/v1/chat/completions') return chat(ctx, state);
  return sendNotFound(res, url.pathname.startsWith('/v1') ? CORS : {});
}

type KeyCheck = { ok: true } | { ok: false; reason: string };

/** The configured key passes whatever its form; anything else gets the reason the real gateway gives. */
export function checkKey(ctx: RequestContext, apiKey: string): KeyCheck {
  const auth = bearer(ctx.req);
  if (auth.kind !== 'token') return { ok: false, reason: 'missing_or_invalid_authorization_header' };
  if (auth.token === apiKey) return { ok: true };
  const m = /^(phaseo|aistats)_v1_(sk|mk)_([A-Za-z0-9]{6,64})_(.+)$/.exec(auth.token);
  if (m === null) return { ok: false, reason: 'invalid_key_format' };
  if (m[2] === 'mk') return { ok: false, reason: 'management_key_not_valid_for_gateway' };
  const configured = /^(?:phaseo|aistats)_v1_sk_([A-Za-z0-9]{6,64})_/.exec(apiKey);
  if (configured !== null && configured[1] === m[3]) return { ok: false, reason: 'invalid_secret' };
  return { ok: false, reason: 'key_not_found_or_revoked' };
}

function models(ctx: RequestContext, state: SimState): void {
  const page = readPage(ctx.url.searchParams);
  // Query validation runs before auth.
  if (!page.ok) return sendJson(ctx.res, 400, { ok: false, error: 'invalid_request', message: page.message, max_offset: 5000 }, { ...CORS, 'cache-control': 'no-store' }, true);
  const key = checkKey(ctx, state.apiKey);
  if (!key.ok) {
    const id = `G-${ulid()}`;
    const body = { error: 'unauthorised', reason: key.reason, request_id: id, status_code: 401, error_type: 'user', error_origin: 'user', generation_id: id };
    return sendJson(ctx.res, 401, body, { ...CORS, 'cache-control': 'no-store' });
  }
  const headers = { ...CORS, 'cache-control': 'private, max-age=1800, stale-while-revalidate=1800' };
  sendJson(ctx.res, 200, aiStatsCatalog(state.catalog, page, new Set(state.sim.unpricedModels)), headers, true);
}

async function chat(ctx: RequestContext, state: SimState): Promise<void> {
  const id = `G-${ulid()}`;
  const fail = (e: ReturnType<typeof aiStatsError>) => sendJson(ctx.res, e.status, e.body, e.headers);
  const key = checkKey(ctx, state.apiKey);
  const body = await readBody(ctx.req);
  if (!key.ok) return fail(aiStatsError(id, 401, 'unauthorised', key.reason, USER_ERROR));
  const parsed = body.length === 0 ? ({ ok: false } as const) : parseJson(body);
  if (!parsed.ok) return fail(aiStatsError(id, 400, 'invalid_json', 'invalid_json', USER_ERROR));
  const validated = validateChat(parsed.value, { narrow: false, dropTools: false });
  if (!validated.ok) {
    const details = validated.issues.map((i) => ({
      message: i.code === 'invalid_enum_value' ? `Invalid option: expected one of ${(i.options ?? []).map((o) => `"${o}"`).join('|')}` : `Invalid input: expected ${i.expected}, received ${i.received}`,
      path: i.path,
      keyword: i.code === 'invalid_enum_value' ? 'invalid_value' : 'invalid_type',
      params: {},
    }));
    const first = details[0];
    const description = first ? `${first.message} at ${first.path.join('.')}` : 'validation_error';
    return fail(aiStatsError(id, 400, 'validation_error', description, USER_ERROR, { details }));
  }
  const request = validated.request;
  const { pin, org, model: name } = splitModelId(request.model);
  if (pin !== null && !providersOf(state.catalog).includes(pin)) {
    const description = `Unknown provider slug "${pin}" in provider-qualified model "${request.model}". Use a provider slug returned by Phaseo's provider catalogue.`;
    const details = [{ message: description, path: ['model'], keyword: 'unknown_provider_slug', params: { provider: pin, model: request.model.slice(pin.length + 1) } }];
    return fail(aiStatsError(id, 400, 'validation_error', description, USER_ERROR, { error_operational_kind: 'unknown_provider_slug', details }));
  }
  const model = org === null ? undefined : findModel(state.catalog, `${org}/${name}`);
  if (model === undefined) {
    const status = state.sim.drift?.unknownModelStatus;
    if (status !== undefined) return fail(aiStatsError(id, status, 'pipeline_execution_error', 'Internal pipeline execution error.', { type: 'system', origin: 'gateway', attribution: 'user' }));
    return fail(
      aiStatsError(id, 400, 'unsupported_model_or_endpoint', 'Unsupported model or endpoint. Please check https://phaseo.app/models for your model id, or the API Reference at https://phaseo.app/docs/v1/api-reference for valid endpoints.', USER_ERROR, {
        error_operational_kind: 'invalid_model_slug',
        reason: 'model_not_found_or_inactive',
        provider_candidate_diagnostics: { totalProviders: 0, supportsEndpointCount: 0, droppedUnsupportedEndpoint: [], droppedMissingAdapter: [], candidateCount: 0 },
      }),
    );
  }
  if (pin !== null && pin !== model.provider) {
    const description = `Provider-qualified model "${request.model}" is not available for this endpoint`;
    return fail(aiStatsError(id, 400, 'validation_error', description, USER_ERROR, { error_operational_kind: 'qualified_provider_unavailable', details: [{ message: description, path: ['model'], keyword: 'qualified_provider_unavailable', params: {} }] }));
  }
  await deliverChat({
    ctx,
    state,
    request,
    requestId: id,
    render: (answer) =>
      aiStatsRender({
        model,
        generationId: id,
        answer,
        responsesRoute: model.org === 'openai',
        unpriced: state.sim.unpricedModels.includes(model.id),
        upstreamOmitsUsage: state.sim.upstreamOmitsUsage.includes(model.id),
      }),
  });
}
