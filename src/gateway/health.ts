/**
 * `health`: each gateway's own health route (LLM Gateway `GET /` at the host root, AI Stats
 * `GET /v1/health`), judged by its own body convention, then one request per model through
 * the measured client (one output token: the cheapest request there is) and one streamed
 * request. Every check is a row; nothing throws.
 */
import pLimit from 'p-limit';
import { performance } from 'node:perf_hooks';
import { describeBody } from './base-url.ts';
import { createGatewayClient, type GatewayClient, type GatewayClientOptions } from './client.ts';
import { normaliseError } from './errors.ts';
import { profile as profileOf, type GatewayProfile } from './profiles.ts';
import type { Role } from './types.ts';

/** The part of a gateway client's options a health check needs. */
export type HealthGateway = Pick<GatewayClientOptions, 'role' | 'name' | 'profile' | 'baseURL' | 'apiKey' | 'timeoutMs' | 'headers'>;

export type HealthCheckKind = 'health' | 'chat' | 'chat-stream';

export interface HealthRow {
  role: Role;
  gateway: string;
  check: HealthCheckKind;
  /** `GET /v1/health`, or the model id sent. */
  target: string;
  ok: boolean;
  /** `200`, `401 auth`, `unreachable`, … */
  status: string;
  latencyMs: number | null;
  requestId: string | null;
  /** Why it failed (empty when ok). */
  detail: string;
}

/** The host root: the base URL without its trailing `/v1`. */
export function hostRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function bodySaysOk(okWhen: GatewayProfile['health']['okWhen'], text: string, contentType: string | null): { ok: boolean; detail: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // An HTML page (a proxy, a login wall, a base URL pointing at a website) is not a healthy gateway.
    return { ok: false, detail: `the body is not JSON (${describeBody(contentType, text)})` };
  }
  if (okWhen === 'http-2xx') return { ok: true, detail: '' };
  const get = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined);
  const status = okWhen === 'health.status=ok' ? get(get(body, 'health'), 'status') : get(body, 'status');
  return status === 'ok' ? { ok: true, detail: '' } : { ok: false, detail: `reports status ${JSON.stringify(status ?? null)}` };
}

export async function checkHealthRoute(gw: HealthGateway, fetchImpl: typeof fetch = fetch): Promise<HealthRow> {
  const prof = profileOf(gw.profile);
  const target = `GET ${prof.health.path}`;
  const row = { role: gw.role, gateway: gw.name, check: 'health' as const, target };
  const t0 = performance.now();
  try {
    // Health routes need no key; none is sent, so a health check can never leak or burn one.
    const res = await fetchImpl(`${hostRoot(gw.baseURL)}${prof.health.path}`, { headers: gw.headers ?? {}, signal: AbortSignal.timeout(gw.timeoutMs) });
    const text = await res.text();
    const latencyMs = performance.now() - t0;
    const requestId = res.headers.get('x-request-id');
    if (!res.ok) return { ...row, ok: false, status: String(res.status), latencyMs, requestId, detail: `HTTP ${res.status}` };
    const judged = bodySaysOk(prof.health.okWhen, text, res.headers.get('content-type'));
    return { ...row, ok: judged.ok, status: judged.ok ? String(res.status) : `${res.status} unhealthy`, latencyMs, requestId, detail: judged.detail };
  } catch (cause) {
    const e = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: gw.profile, cause, secrets: [gw.apiKey] });
    return { ...row, ok: false, status: e.kind === 'timeout' ? 'timeout' : 'unreachable', latencyMs: null, requestId: null, detail: e.message };
  }
}

/** A client for probes: no retries, so each row shows what the gateway did. */
function probeClient(gw: HealthGateway): GatewayClient {
  return createGatewayClient({
    role: gw.role,
    name: gw.name,
    profile: gw.profile,
    baseURL: gw.baseURL,
    apiKey: gw.apiKey,
    timeoutMs: gw.timeoutMs,
    retries: { max: 0, baseDelayMs: 0, maxDelayMs: 0 },
    headers: gw.headers ?? {},
  });
}

/** One chat request (streamed or not) asking for a single output token. */
async function probe(gw: HealthGateway, client: GatewayClient, model: string, stream: boolean, signal?: AbortSignal): Promise<HealthRow> {
  const { outcome, timings, requestId } = await client.send(
    { model, messages: [{ role: 'user', content: 'Say OK.' }], params: { max_tokens: 1, temperature: 0 }, stream },
    signal,
  );
  const row = { role: gw.role, gateway: gw.name, check: stream ? ('chat-stream' as const) : ('chat' as const), target: model, latencyMs: timings.e2eMs, requestId };
  if (outcome.kind === 'ok') return { ...row, ok: true, status: stream ? '200 stream' : '200', detail: '' };
  const e = outcome.error;
  const status = e.status === null ? e.kind : `${e.status} ${e.kind}`;
  return { ...row, ok: false, status, latencyMs: e.status === null ? null : timings.e2eMs, detail: `${e.code ? `${e.code}: ` : ''}${e.message}` };
}

/** How many probe requests one gateway gets at a time. */
const PROBE_CONCURRENCY = 4;

/**
 * All checks of one gateway: the health route, one plain request per model (ids as this gateway
 * writes them), then one streamed request on the first model.
 */
export async function checkGateway(gw: HealthGateway, models: readonly string[], signal?: AbortSignal): Promise<HealthRow[]> {
  const route = await checkHealthRoute(gw);
  // One client (one set of connections, one listener on the caller's signal) for every probe.
  const client = probeClient(gw);
  try {
    const limit = pLimit(PROBE_CONCURRENCY);
    const plain = await Promise.all(models.map((m) => limit(() => probe(gw, client, m, false, signal))));
    const first = models[0];
    return [route, ...plain, ...(first === undefined ? [] : [await probe(gw, client, first, true, signal)])];
  } finally {
    client.close();
  }
}
