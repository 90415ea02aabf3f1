import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import {
  AIS_ERRORS,
  AIS_OK_C15,
  AIS_OK_UNPRICED,
  AIS_OK_USAGE_MISSING,
  AIS_OK_ZERO_PRICE,
  AIS_STREAM_NO_USAGE,
  LLM_STREAM_C61,
  LLM_STREAM_C66,
  AIS_STREAM_C16,
  AIS_STREAM_C17,
  AIS_STREAM_ERROR,
  LLM_ERRORS,
  LLM_OK_C10,
  LLM_STREAM_C20,
  LLM_STREAM_C60,
  LLM_STREAM_C62,
  LLM_STREAM_C63,
  type CapturedError,
} from './captures.fixture.ts';
import { createGatewayClient, type ChatRequest, type GatewayClientOptions } from './client.ts';
import { priceFromUsdPerMillion } from './cost.ts';
import { errorReply, startReplayServer, type ReplayServer, type Reply } from './replay-server.fixture.ts';
import type { ProfileName } from './types.ts';

const KEY = new Secret('sk-test-secret-key-123456');
const servers: ReplayServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(replies: Reply[]): Promise<ReplayServer> {
  const s = await startReplayServer(replies);
  servers.push(s);
  return s;
}

function client(baseURL: string, profile: ProfileName, extra: Partial<GatewayClientOptions> = {}) {
  return createGatewayClient({
    role: profile === 'llmgateway' ? 'baseline' : 'candidate',
    name: profile,
    profile,
    baseURL,
    apiKey: KEY,
    timeoutMs: 5000,
    retries: { max: 0, baseDelayMs: 100, maxDelayMs: 2000 },
    ...extra,
  });
}

const req = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Say hi' }],
  params: {},
  stream: false,
  ...over,
});

describe('error shapes over HTTP', () => {
  const cases = [
    ['llmgateway', LLM_ERRORS.C30_badKey, 'auth', null, 'llmgateway-flat', 'AuthenticationError'],
    ['llmgateway', LLM_ERRORS.C31_unknownModel, 'invalid-model', null, 'llmgateway-flat', 'BadRequestError'],
    ['llmgateway', LLM_ERRORS.C36_contentType, 'invalid-request', null, 'llmgateway-flat', 'APIError'],
    ['llmgateway', LLM_ERRORS.C39_zod, 'invalid-request', 'ZodError', 'zod', 'BadRequestError'],
    ['llmgateway', LLM_ERRORS.C70_credits, 'billing', null, 'llmgateway-flat', 'APIError'],
    ['llmgateway', LLM_ERRORS.C51_upstream429, 'upstream-rate-limited', 'gateway_error', 'openai-envelope', 'InternalServerError'],
    ['llmgateway', LLM_ERRORS.C80_notFound, 'invalid-request', null, 'text', 'NotFoundError'],
    ['llmgateway', LLM_ERRORS.newer401, 'auth', 'invalid_api_key', 'openai-envelope', 'AuthenticationError'],
    ['aistats', AIS_ERRORS.C5_badKeyBadModel, 'auth', 'unauthorised', 'aistats-flat', 'AuthenticationError'],
    ['aistats', AIS_ERRORS.C8_unknownModel, 'invalid-model', 'unsupported_model_or_endpoint', 'aistats-flat', 'BadRequestError'],
    ['aistats', AIS_ERRORS.C10_keyLimit, 'rate-limit', 'key_limit_exceeded', 'aistats-flat', 'RateLimitError'],
    ['aistats', AIS_ERRORS.C11_funds, 'billing', 'insufficient_funds', 'aistats-flat', 'APIError'],
    ['aistats', AIS_ERRORS.C12_upstream429, 'upstream-rate-limited', 'upstream_error', 'aistats-flat', 'InternalServerError'],
    ['aistats', AIS_ERRORS.C13_upstream500, 'upstream-failed', 'upstream_error', 'aistats-flat', 'InternalServerError'],
    ['aistats', AIS_ERRORS.C14_upstreamUnreachable, 'upstream-unreachable', 'upstream_error', 'aistats-flat', 'InternalServerError'],
    ['aistats', AIS_ERRORS.guardrail, 'invalid-request', 'guardrail_blocked', 'aistats-flat', 'PermissionDeniedError'],
  ] as const;
  it.each(cases.map(([p, c, ...rest]) => [p, c.name, c, ...rest] as const))('%s %s', async (profile, _name, capture: CapturedError, kind, code, bodyShape, sdkClass) => {
    const s = await serve([errorReply(capture)]);
    const r = await client(s.baseURL, profile).send(req());
    expect(r.outcome.kind).toBe('error');
    if (r.outcome.kind !== 'error') return;
    expect(r.outcome.error).toMatchObject({ status: capture.status, kind, code, bodyShape, sdkClass });
    expect(r.retries).toBe(0);
  });

  it('request ids: LLM Gateway header, AI Stats generation_id', async () => {
    const a = await serve([errorReply(LLM_ERRORS.C31_unknownModel)]);
    expect((await client(a.baseURL, 'llmgateway').send(req())).requestId).toBe('kyzysfzWRmM7z4tNgDq8CuqC2SM9MWcCj4y6xqQN');
    const b = await serve([errorReply(AIS_ERRORS.C8_unknownModel)]);
    expect((await client(b.baseURL, 'aistats').send(req())).requestId).toBe('G-01M8F514AVHGJ96WPGPNQ7423T');
  });
});

describe('non-stream answers', () => {
  it('LLM Gateway: no cost in the body → priced from configured prices', async () => {
    const s = await serve([{ type: 'json', status: 200, body: LLM_OK_C10, headers: { 'x-request-id': 'rid-1' } }]);
    const prices = (m: string) => (m === 'openai/gpt-4o' ? priceFromUsdPerMillion({ input: 2.5, output: 10 }) : null);
    const r = await client(s.baseURL, 'llmgateway', { prices }).send(req());
    expect(r.outcome).toMatchObject({
      kind: 'ok',
      text: 'Hello from mock upstream!',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 5, source: 'reported' },
      cost: { source: 'configured', nanos: 80_000 },
      requestId: 'rid-1',
    });
    expect(r.timings.ttftMs).toBeNull();
    expect(s.requests[0]?.body['stream_options']).toBeUndefined();
  });

  it('AI Stats: gateway cost and G- id from the body; unknown cost without prices', async () => {
    const s = await serve([{ type: 'json', status: 200, body: AIS_OK_C15 }]);
    const r = await client(s.baseURL, 'aistats').send(req({ model: 'openai/gpt-4o' }));
    expect(r.outcome).toMatchObject({ kind: 'ok', text: 'Hello there!', cost: { source: 'gateway', nanos: 4800 }, requestId: 'G-01M8F52T7QCQNBJSRN06GPVZ7V' });
    const t = await serve([{ type: 'json', status: 200, body: LLM_OK_C10 }]);
    const u = await client(t.baseURL, 'llmgateway').send(req());
    expect(u.outcome.kind === 'ok' && u.outcome.cost).toEqual({ source: 'unknown', nanos: null });
  });

  it('a 200 that is not a chat completion is malformed', async () => {
    const s = await serve([{ type: 'json', status: 200, body: '<html>oops</html>', contentType: 'text/html' }]);
    const r = await client(s.baseURL, 'aistats').send(req());
    expect(r.outcome.kind === 'error' && r.outcome.error.kind).toBe('malformed-response');
  });

  it('tools sent but ignored → finding', async () => {
    const s = await serve([{ type: 'json', status: 200, body: LLM_OK_C10 }]);
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const r = await client(s.baseURL, 'llmgateway').send(req({ params: { tools } }));
    expect(r.outcome.kind === 'ok' && r.outcome.findings).toContain('tools-ignored');
    expect(s.requests[0]?.body['tools']).toEqual(tools);
  });
});

describe('recorded real bodies of 2026-12-01 (issue 15 items 1, 2 and 5), replayed through the client', () => {
  const gpt4oMini = priceFromUsdPerMillion({ input: 0.15, output: 0.6 });

  it('item 1: an unpriced AI Stats model (total_nanos 0, no lines, no cost_nanos) costs unknown, never $0 from the gateway', async () => {
    const s = await serve([{ type: 'json', status: 200, body: AIS_OK_UNPRICED }]);
    const r = await client(s.baseURL, 'aistats').send(req({ model: 'test/chat-model-n1' }));
    expect(r.outcome).toMatchObject({ kind: 'ok', usage: { promptTokens: 12, completionTokens: 5, source: 'reported' }, cost: { source: 'unknown', nanos: null } });
    // With a price known elsewhere, the reported usage is priced from it instead.
    const t = await serve([{ type: 'json', status: 200, body: AIS_OK_UNPRICED }]);
    const priced = await client(t.baseURL, 'aistats', { prices: () => gpt4oMini }).send(req({ model: 'test/chat-model-n1' }));
    expect(priced.outcome).toMatchObject({ kind: 'ok', cost: { source: 'configured', nanos: 4800 } });
  });

  it('item 1: a real zero-price card (lines with line_nanos 0) is a true $0 from the gateway', async () => {
    const s = await serve([{ type: 'json', status: 200, body: AIS_OK_ZERO_PRICE }]);
    const r = await client(s.baseURL, 'aistats').send(req());
    expect(r.outcome).toMatchObject({ kind: 'ok', cost: { source: 'gateway', nanos: 0 } });
  });

  it('item 2: AI Stats usage {0,0,0} for a non-empty answer is missing usage, its cost unknown or estimated, never reported', async () => {
    const s = await serve([{ type: 'json', status: 200, body: AIS_OK_USAGE_MISSING }, { type: 'json', status: 200, body: AIS_OK_USAGE_MISSING }]);
    const r = await client(s.baseURL, 'aistats').send(req());
    expect(r.outcome).toMatchObject({ kind: 'ok', text: 'Hello there!', usage: { source: 'missing' }, cost: { source: 'unknown', nanos: null } });
    if (r.outcome.kind !== 'ok') return;
    expect(r.outcome.usage.completionTokens).toBeGreaterThan(0);
    expect(r.outcome.findings).toContain('usage-missing');
    const priced = await client(s.baseURL, 'aistats', { prices: () => gpt4oMini }).send(req());
    expect(priced.outcome).toMatchObject({ kind: 'ok', usage: { source: 'missing' }, cost: { source: 'estimated' } });
  });

  it('item 2: AI Stats streamed with no usage chunk is missing usage', async () => {
    const s = await serve([{ type: 'sse', frames: AIS_STREAM_NO_USAGE }]);
    const r = await client(s.baseURL, 'aistats').send(req({ stream: true }));
    expect(r.outcome).toMatchObject({ kind: 'ok', text: 'Hello there!', usage: { source: 'missing' }, cost: { source: 'unknown' } });
  });

  it("item 2: LLM Gateway's own estimated usage chunk (C63) is gateway-estimated, and its cost estimated", async () => {
    const s = await serve([{ type: 'sse', frames: LLM_STREAM_C63 }]);
    const r = await client(s.baseURL, 'llmgateway', { prices: () => gpt4oMini }).send(req({ stream: true }));
    expect(r.outcome).toMatchObject({ kind: 'ok', usage: { promptTokens: 5, completionTokens: 6, source: 'gateway-estimated' }, cost: { source: 'estimated', nanos: 5 * 150 + 6 * 600 } });
  });

  it('item 5: an upstream 429 is upstream-rate-limited, from the AI Stats 502 body and from LLM Gateway (500 and a 200 stream)', async () => {
    const a = await serve([errorReply(AIS_ERRORS.C12_upstream429)]);
    expect((await client(a.baseURL, 'aistats').send(req())).outcome).toMatchObject({ kind: 'error', error: { kind: 'upstream-rate-limited', status: 502, code: 'upstream_error' } });
    const b = await serve([errorReply(LLM_ERRORS.C51_upstream429)]);
    expect((await client(b.baseURL, 'llmgateway').send(req())).outcome).toMatchObject({ kind: 'error', error: { kind: 'upstream-rate-limited', status: 500 } });
    const c = await serve([{ type: 'sse', frames: LLM_STREAM_C61 }]);
    expect((await client(c.baseURL, 'llmgateway').send(req({ stream: true }))).outcome).toMatchObject({
      kind: 'error',
      error: { kind: 'upstream-rate-limited', status: 200, bodyShape: 'sse-error-event', message: 'Error from provider: 429 Too Many Requests' },
    });
  });

  it('item 5: upstream failed vs unreachable are told apart (C13 / C14)', async () => {
    const a = await serve([errorReply(AIS_ERRORS.C13_upstream500)]);
    expect((await client(a.baseURL, 'aistats').send(req())).outcome).toMatchObject({ kind: 'error', error: { kind: 'upstream-failed' } });
    const b = await serve([errorReply(AIS_ERRORS.C14_upstreamUnreachable)]);
    expect((await client(b.baseURL, 'aistats').send(req())).outcome).toMatchObject({ kind: 'error', error: { kind: 'upstream-unreachable' } });
  });

  it('item 7: a 2xx that is not JSON says what it was; an empty 200 stream says it was empty (C66)', async () => {
    const html = `<!doctype html><html>${'x'.repeat(1200)}</html>`;
    const a = await serve([{ type: 'json', status: 200, body: html, contentType: 'text/html; charset=utf-8' }]);
    const r = await client(a.baseURL, 'aistats').send(req());
    expect(r.outcome).toMatchObject({ kind: 'error', error: { kind: 'malformed-response', status: 200 } });
    expect(r.outcome.kind === 'error' && r.outcome.error.message).toMatch(/^2xx body is not JSON \(text\/html, 1\.2 KB\): starts "<!doctype html>/);
    const b = await serve([{ type: 'json', status: 200, body: '' }]);
    expect((await client(b.baseURL, 'aistats').send(req())).outcome).toMatchObject({ kind: 'error', error: { message: '2xx body is empty (application/json, 0 B)' } });
    // The same HTML page answering a streamed request says the same, not just "not an event stream".
    const h = await serve([{ type: 'json', status: 200, body: html, contentType: 'text/html; charset=utf-8' }]);
    const hs = await client(h.baseURL, 'aistats').send(req({ stream: true }));
    expect(hs.outcome).toMatchObject({ kind: 'error', error: { kind: 'malformed-response', status: 200 } });
    expect(hs.outcome.kind === 'error' && hs.outcome.error.message).toMatch(/^2xx body is not JSON \(text\/html, 1\.2 KB\): starts "<!doctype html>/);
    const j = await serve([{ type: 'json', status: 200, body: AIS_OK_C15 }]);
    const js = await client(j.baseURL, 'aistats').send(req({ stream: true }));
    expect(js.outcome.kind === 'error' && js.outcome.error.message).toMatch(/^2xx answer to a streamed request is JSON, not an event stream \(application\/json, \d+ B\)$/);
    const c = await serve([{ type: 'sse', frames: LLM_STREAM_C66 }]);
    expect((await client(c.baseURL, 'llmgateway').send(req({ stream: true }))).outcome).toMatchObject({
      kind: 'error',
      error: { kind: 'truncated-stream', status: 200, message: '200 stream with an empty body: no frames at all' },
    });
  });

  it('item 7: a base URL without /v1 gets a 404 with a hint', async () => {
    const s = await serve([errorReply(LLM_ERRORS.C80_notFound)]);
    const r = await client(s.baseURL.replace(/\/v1$/, ''), 'llmgateway').send(req());
    expect(r.outcome.kind === 'error' && r.outcome.error.message).toMatch(/404 Not Found — the base URL http:\/\/127\.0\.0\.1:\d+ does not end in \/v1 \(did you mean http:\/\/127\.0\.0\.1:\d+\/v1\?\)/);
    const t = await serve([errorReply(LLM_ERRORS.C80_notFound)]);
    expect((await client(t.baseURL, 'llmgateway').send(req())).outcome).toMatchObject({ kind: 'error', error: { message: '404 Not Found' } });
  });
});

describe('streams over HTTP', () => {
  const streamReq = req({ stream: true });

  it('LLM Gateway C20: one usage, request id from header, stream_options sent', async () => {
    const s = await serve([{ type: 'sse', frames: LLM_STREAM_C20, headers: { 'x-request-id': 'rid-s' } }]);
    const r = await client(s.baseURL, 'llmgateway').send(streamReq);
    expect(r.outcome).toMatchObject({ kind: 'ok', text: 'Hello from mock upstream!', usage: { promptTokens: 12, completionTokens: 5 }, requestId: 'rid-s' });
    expect(s.requests[0]?.body['stream_options']).toEqual({ include_usage: true });
  });

  it('LLM Gateway C63: double [DONE] counted; gateway-estimated usage flagged', async () => {
    const s = await serve([{ type: 'sse', frames: LLM_STREAM_C63 }]);
    const r = await client(s.baseURL, 'llmgateway').send(streamReq);
    expect(r.outcome.kind).toBe('ok');
    if (r.outcome.kind !== 'ok') return;
    expect(r.outcome.streamInfo?.framesAfterDone).toBe(2);
    expect(r.outcome.findings).toContain('usage-estimated-by-gateway');
  });

  it('LLM Gateway C62 cut stream → truncated with partial text; C60 error frame → upstream-failed in a 200 stream, not retried', async () => {
    const a = await serve([{ type: 'sse', frames: LLM_STREAM_C62 }]);
    const cut = await client(a.baseURL, 'llmgateway', { retries: { max: 2, baseDelayMs: 1, maxDelayMs: 1 } }).send(streamReq);
    expect(cut.outcome).toMatchObject({ kind: 'error', error: { kind: 'truncated-stream', status: 200 }, text: 'Hello from ' });
    expect(cut.retries).toBe(0);
    const b = await serve([{ type: 'sse', frames: LLM_STREAM_C60 }]);
    const err = await client(b.baseURL, 'llmgateway', { retries: { max: 2, baseDelayMs: 1, maxDelayMs: 1 } }).send(streamReq);
    expect(err.outcome).toMatchObject({ kind: 'error', error: { kind: 'upstream-failed', status: 200, code: 'upstream_error', bodyShape: 'sse-error-event' } });
    expect(err.retries).toBe(0);
  });

  it('AI Stats C16 / C17: no [DONE], complete by content, cost from stream usage, G- id', async () => {
    for (const frames of [AIS_STREAM_C16, AIS_STREAM_C17]) {
      const s = await serve([{ type: 'sse', frames }]);
      const r = await client(s.baseURL, 'aistats').send(streamReq);
      expect(r.outcome).toMatchObject({ kind: 'ok', text: 'Hello there!', finishReason: 'stop', cost: { source: 'gateway', nanos: 4800 } });
      expect(r.requestId).toMatch(/^G-/);
    }
  });

  it('AI Stats {"object":"error"} frame → stream-error', async () => {
    const s = await serve([{ type: 'sse', frames: AIS_STREAM_ERROR }]);
    const r = await client(s.baseURL, 'aistats').send(streamReq);
    expect(r.outcome).toMatchObject({ kind: 'error', error: { kind: 'stream-error', bodyShape: 'sse-error-object' }, text: 'Hello' });
  });

  it('TTFT ignores the role-only frame', async () => {
    // The role frame is sent at once, the first content 300 ms later: TTFT must include the wait.
    const s = await serve([{ type: 'sse', frames: LLM_STREAM_C20, gapMs: 300 }]);
    const r = await client(s.baseURL, 'llmgateway').send(streamReq);
    expect(r.timings.ttftMs).not.toBeNull();
    expect(r.timings.ttftMs ?? 0).toBeGreaterThanOrEqual(300);
    expect(r.timings.tpotMs).not.toBeNull();
    expect(r.timings.e2eMs).toBeGreaterThanOrEqual(r.timings.ttftMs ?? 0);
  });
});

describe('deadline, connection errors and retries', () => {
  it('a server that never answers → timeout, not retried', async () => {
    const s = await serve([{ type: 'hang' }]);
    const r = await client(s.baseURL, 'aistats', { timeoutMs: 300, retries: { max: 3, baseDelayMs: 1, maxDelayMs: 1 } }).send(req());
    expect(r.outcome).toMatchObject({ kind: 'error', error: { kind: 'timeout', status: null, sdkClass: 'APIConnectionTimeoutError' } });
    expect(r.retries).toBe(0);
    expect(r.timings.e2eMs).toBeLessThan(5000);
  });

  it('a stream that stalls after content → timeout with the partial text', async () => {
    const s = await serve([{ type: 'sse', frames: AIS_STREAM_C16.slice(0, 2), hangAfter: true }]);
    const r = await client(s.baseURL, 'aistats', { timeoutMs: 400 }).send(req({ stream: true }));
    expect(r.outcome).toMatchObject({ kind: 'error', error: { kind: 'timeout', status: 200 }, text: 'Hello' });
  });

  it('connection refused → connection error, retried and counted', async () => {
    const s = await startReplayServer([]);
    const url = s.baseURL;
    await s.close();
    const delays: number[] = [];
    const c = client(url, 'llmgateway', {
      retries: { max: 2, baseDelayMs: 100, maxDelayMs: 2000 },
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
    });
    const r = await c.send(req());
    expect(r.outcome).toMatchObject({ kind: 'error', error: { kind: 'connection', code: 'ECONNREFUSED', status: null } });
    expect(r.retries).toBe(2);
    expect(delays).toEqual([50, 100]); // full jitter at 0.5 of 100·2^n
  });

  it('429 with Retry-After: waits as told (capped), retries, counts', async () => {
    const s = await serve([errorReply(LLM_ERRORS.newer429), { type: 'json', status: 200, body: LLM_OK_C10 }]);
    const delays: number[] = [];
    const c = client(s.baseURL, 'llmgateway', { retries: { max: 3, baseDelayMs: 100, maxDelayMs: 5000 }, sleep: async (ms) => void delays.push(ms) });
    const r = await c.send(req());
    expect(r.outcome.kind).toBe('ok');
    expect(r.retries).toBe(1);
    expect(delays).toEqual([5000]); // Retry-After 7 s capped at maxDelayMs
    expect(s.requests).toHaveLength(2);
  });

  it('AI Stats 502 is retried up to max, then reported', async () => {
    const s = await serve([errorReply(AIS_ERRORS.C12_upstream429)]);
    const c = client(s.baseURL, 'aistats', { retries: { max: 2, baseDelayMs: 1, maxDelayMs: 1 }, sleep: async () => undefined });
    const r = await c.send(req());
    expect(r.outcome.kind === 'error' && r.outcome.error.kind).toBe('upstream-rate-limited');
    expect(r.retries).toBe(2);
    expect(s.requests).toHaveLength(3);
  });

  it('a 401 is not retried, and the wrong key never shows', async () => {
    const s = await serve([errorReply(AIS_ERRORS.C5_badKeyBadModel)]);
    const wrong = new Secret('phaseo_v1_sk_UNKNOWNKID99_x');
    const c = client(s.baseURL, 'aistats', { retries: { max: 3, baseDelayMs: 1, maxDelayMs: 1 }, sleep: async () => undefined });
    const r = await c.send(req({ apiKeyOverride: wrong }));
    expect(r.retries).toBe(0);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]?.headers.authorization).toBe('Bearer phaseo_v1_sk_UNKNOWNKID99_x');
    expect(JSON.stringify(r)).not.toContain('phaseo_v1_sk_UNKNOWNKID99_x');
    expect(JSON.stringify(r)).not.toContain(KEY.reveal());
  });

  it("the caller's signal aborts as interrupted, and no retry follows", async () => {
    const s = await serve([{ type: 'hang' }]);
    const c = client(s.baseURL, 'aistats', { retries: { max: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const r = await c.send(req(), AbortSignal.timeout(50));
    expect(r.outcome.kind === 'error' && r.outcome.error.kind).toBe('interrupted');
    expect(r.retries).toBe(0);
  });

  it('close() aborts in-flight requests as interrupted', async () => {
    const s = await serve([{ type: 'hang' }]);
    const c = client(s.baseURL, 'aistats');
    const pending = c.send(req());
    setTimeout(() => c.close(), 50);
    const r = await pending;
    expect(r.outcome.kind === 'error' && r.outcome.error.kind).toBe('interrupted');
  });
});
