/**
 * The request path without the SDK's per-call machinery (client.ts: the SDK's own buildRequest
 * once per key, then the transport's `exchange`) puts on the wire exactly what the SDK call puts
 * there, and fails exactly as it did. The reference is the same client on the SDK path: given a
 * custom fetch (our transport's), every request goes through `sdk.chat.completions.create`, as
 * every request did before.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import { AIS_ERRORS, AIS_STREAM_C16, LLM_ERRORS, LLM_OK_C10, LLM_STREAM_C62, type CapturedError } from './captures.fixture.ts';
import { createGatewayClient, type Attempted, type ChatRequest, type GatewayClientOptions } from './client.ts';
import { createFastFetch, type FastFetch } from './fast-fetch.ts';
import type { ProfileName } from './types.ts';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  /** Names and values as sent, in order. */
  rawHeaders: string[];
  body: Buffer;
}

type Answer = (res: ServerResponse) => void;

let server: Server;
let base = '';
let seen: Seen[] = [];
/** How the server answers the next requests (both paths get the same answer). */
let answer: Answer = () => {};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const transports: FastFetch[] = [];
afterEach(async () => {
  seen = [];
  server.closeAllConnections();
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

const KEY = new Secret('sk-wire-test-key-0123456789');

function options(profile: ProfileName, extra: Partial<GatewayClientOptions>): GatewayClientOptions {
  return {
    role: 'candidate',
    name: profile,
    profile,
    baseURL: base,
    apiKey: KEY,
    timeoutMs: 5000,
    retries: { max: 0, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  };
}

/** The same request through the SDK path and through the new one, in that order. */
async function bothPaths(profile: ProfileName, request: ChatRequest, extra: Partial<GatewayClientOptions> = {}, signal?: () => AbortSignal): Promise<[Attempted, Attempted]> {
  const reference = createFastFetch();
  transports.push(reference);
  const viaSdk = createGatewayClient(options(profile, Object.assign({}, extra, { fetch: reference.fetch as typeof fetch })));
  const direct = createGatewayClient(options(profile, extra));
  try {
    const a = await viaSdk.send(request, signal?.());
    const b = await direct.send(request, signal?.());
    return [a, b];
  } finally {
    viaSdk.close();
    direct.close();
  }
}

const json =
  (status: number, body: string, headers: Record<string, string> = {}): Answer =>
  (res) => {
    res.writeHead(status, Object.assign({ 'content-type': 'application/json' }, headers));
    res.end(body);
  };
const sse =
  (frames: readonly string[]): Answer =>
  (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const f of frames) res.write(f);
    res.end();
  };

const plain: ChatRequest = { model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'Say hi — “quoted”, ünïcödé, 🚀' }], params: {}, stream: false };
const withParams: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'Answer in JSON.' },
    { role: 'user', content: 'Weather in Paris?' },
  ],
  params: {
    temperature: 0.7,
    top_p: 0.9,
    max_tokens: 64,
    seed: 7,
    response_format: { type: 'json_object' },
    tools: [{ type: 'function', function: { name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
  } as ChatRequest['params'],
  stream: false,
};

describe('the wire: the direct path sends what the SDK sends, byte for byte', () => {
  const wireCases: Array<[string, ProfileName, ChatRequest, Partial<GatewayClientOptions>, Answer]> = [
    ['non-streamed', 'llmgateway', plain, {}, json(200, LLM_OK_C10)],
    ['with sampling params, tools and a response format', 'aistats', withParams, {}, json(200, LLM_OK_C10)],
    ['streamed (stream_options)', 'aistats', Object.assign({}, plain, { stream: true }), {}, sse(AIS_STREAM_C16)],
    ["a contract case's wrong key", 'aistats', Object.assign({}, plain, { apiKeyOverride: new Secret('phaseo_v1_sk_WRONG_0000') }), {}, json(401, AIS_ERRORS.C5_badKeyBadModel.body)],
    ['configured extra headers and a sub-second timeout', 'llmgateway', plain, { headers: { 'X-Team': 'search', 'x-trace': 'on' }, timeoutMs: 900 }, json(200, LLM_OK_C10)],
    ['a keyless server (no Authorization at all)', 'llmgateway', plain, { apiKey: new Secret('') }, json(200, LLM_OK_C10)],
  ];
  it.each(wireCases)('%s', async (_name, profile, request, extra, reply) => {
    answer = reply;
    await bothPaths(profile, request, extra);
    expect(seen).toHaveLength(2);
    const [sdk, direct] = seen as [Seen, Seen];
    expect(direct.method).toBe(sdk.method);
    expect(direct.url).toBe(sdk.url);
    expect(direct.rawHeaders).toEqual(sdk.rawHeaders);
    expect(direct.body.equals(sdk.body)).toBe(true);
    // What the SDK sends, so the comparison is not of two empty requests.
    expect(sdk.method).toBe('POST');
    expect(sdk.url).toBe('/v1/chat/completions');
    expect(sdk.rawHeaders.map((h) => h.toLowerCase())).toEqual(expect.arrayContaining(['user-agent', 'x-stainless-retry-count', 'content-type']));
    expect(JSON.parse(sdk.body.toString('utf8'))).toMatchObject({ model: request.model, stream: request.stream });
  });

  it('sends the key it was given (the key is in the comparison above, never a placeholder)', async () => {
    answer = json(200, LLM_OK_C10);
    await bothPaths('llmgateway', plain);
    for (const s of seen) expect(s.rawHeaders[s.rawHeaders.findIndex((h) => h.toLowerCase() === 'authorization') + 1]).toBe(`Bearer ${KEY.reveal()}`);
  });
});

/** What a caller can observe of an attempt, without the times. */
const observed = (r: Attempted) => ({ outcome: r.outcome, requestId: r.requestId, retries: r.retries, firstError: r.firstError });

describe('failures: the direct path reports what the SDK path reports', () => {
  const errors: Array<[ProfileName, CapturedError]> = [...Object.values(LLM_ERRORS).map((c): [ProfileName, CapturedError] => ['llmgateway', c]), ...Object.values(AIS_ERRORS).map((c): [ProfileName, CapturedError] => ['aistats', c])];
  it.each(errors.map(([p, c]) => [p, c.name, c] as const))('%s %s', async (profile, _name, capture) => {
    answer = json(capture.status, capture.body, Object.assign({ 'content-type': capture.contentType ?? 'application/json' }, capture.headers));
    const [a, b] = await bothPaths(profile, plain);
    expect(a.outcome.kind).toBe('error');
    expect(observed(b)).toEqual(observed(a));
  });

  it('a 2xx that is not JSON, a cut stream, an error status whose body breaks off', async () => {
    answer = json(200, '<html>busy</html>', { 'content-type': 'text/html' });
    let [a, b] = await bothPaths('llmgateway', plain);
    expect(a.outcome).toMatchObject({ kind: 'error', error: { kind: 'malformed-response' } });
    expect(observed(b)).toEqual(observed(a));

    answer = sse(LLM_STREAM_C62);
    [a, b] = await bothPaths('llmgateway', Object.assign({}, plain, { stream: true }));
    expect(a.outcome.kind).toBe('error');
    expect(observed(b)).toEqual(observed(a));

    answer = (res) => {
      res.writeHead(500, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('{"error":{"message":"par');
      setTimeout(() => res.destroy(), 10);
    };
    [a, b] = await bothPaths('aistats', plain);
    expect(a.outcome).toMatchObject({ kind: 'error', error: { status: null } });
    expect(observed(b)).toEqual(observed(a));
  });

  it('connection refused, our deadline, and an abort by the caller', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    let [a, b] = await bothPaths('llmgateway', plain, { baseURL: `http://127.0.0.1:${port}/v1` });
    expect(a.outcome).toMatchObject({ kind: 'error', error: { kind: 'connection', code: 'ECONNREFUSED' } });
    expect(observed(b)).toEqual(observed(a));

    answer = () => {}; // never answers
    [a, b] = await bothPaths('aistats', plain, { timeoutMs: 200 });
    expect(a.outcome).toMatchObject({ kind: 'error', error: { kind: 'timeout' } });
    expect(observed(b)).toEqual(observed(a));

    [a, b] = await bothPaths('aistats', plain, {}, () => AbortSignal.timeout(50));
    expect(a.outcome).toMatchObject({ kind: 'error', error: { kind: 'interrupted' } });
    expect(observed(b)).toEqual(observed(a));
  });
});
