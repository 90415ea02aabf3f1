import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimServer } from './server.ts';
import { HELLO, KEY, parseSse, payloads, postChat, startSim } from './testing.ts';

let sim: SimServer;
let legacy: SimServer;
beforeAll(async () => {
  sim = await startSim('llmgateway');
  legacy = await startSim('llmgateway', { legacy: true });
});
afterAll(async () => {
  await sim.close();
  await legacy.close();
});

describe('LLM Gateway simulator: chat', () => {
  it('answers gpt-4o and openai/gpt-4o alike, with a 40-char x-request-id and no cost', async () => {
    const a = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO });
    const b = await postChat(sim.url, { model: 'openai/gpt-4o', messages: HELLO });
    expect(a.status).toBe(200);
    const body = a.json as { model: string; choices: { message: { content: string } }[]; usage: Record<string, number>; cost_nanos?: number };
    expect(body.choices[0]?.message.content).toBe((b.json as typeof body).choices[0]?.message.content);
    expect(body.model).toBe('gpt-4o');
    expect(a.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(body.usage.total_tokens).toBe((body.usage.prompt_tokens ?? 0) + (body.usage.completion_tokens ?? 0));
    expect(body.cost_nanos).toBeUndefined();
  });

  it('echoes a client-sent x-request-id', async () => {
    const r = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO }, { headers: { 'x-request-id': 'my-client-req-42' } });
    expect(r.headers.get('x-request-id')).toBe('my-client-req-42');
  });

  it('invalid key → 401 OpenAI envelope invalid_api_key (flat body in legacy)', async () => {
    const r = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO }, { key: 'wrong' });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });
    const old = await postChat(legacy.url, { model: 'gpt-4o', messages: HELLO }, { key: 'wrong' });
    expect(old.status).toBe(401);
    expect(old.json).toEqual({ error: true, status: 401, message: 'Unauthorized: Invalid token' });
    expect(old.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('unknown model → 400 "Requested model X not supported"; bad key + bad model → 400 (model first)', async () => {
    const r = await postChat(legacy.url, { model: 'no-such-model-xyz', messages: HELLO });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: true, status: 400, message: 'Requested model no-such-model-xyz not supported' });
    const both = await postChat(legacy.url, { model: 'no-such-model-xyz', messages: HELLO }, { key: 'wrong' });
    expect(both.status).toBe(400);
    expect(both.json).toEqual(r.json);
    const newer = await postChat(sim.url, { model: 'openai/no-such-model', messages: HELLO }, { key: null });
    expect(newer.status).toBe(400);
    expect(newer.json).toMatchObject({ error: { message: 'Requested model no-such-model not supported' } });
    const provider = await postChat(sim.url, { model: 'nosuchprov/gpt-4o', messages: HELLO });
    expect((provider.json as { error: { message: string } }).error.message).toMatch(/^Requested provider nosuchprov not supported/);
  });

  it('checks content-type first (415, no x-request-id), then JSON, then the zod schema', async () => {
    const r = await postChat(legacy.url, {}, { key: 'wrong', headers: { 'content-type': 'text/plain' }, raw: 'x' });
    expect(r.status).toBe(415);
    expect(r.json).toEqual({ error: true, status: 415, message: 'Unsupported Media Type: Content-Type must be application/json' });
    expect(r.headers.get('x-request-id')).toBeNull();
    const bad = await postChat(legacy.url, {}, { raw: '{"model":' });
    expect(bad.json).toEqual({ error: true, status: 400, message: 'Malformed JSON in request body' });
    const noMessages = await postChat(legacy.url, { model: 'gpt-4o' });
    expect(noMessages.status).toBe(400);
    expect(noMessages.json).toMatchObject({ success: false, error: { name: 'ZodError', issues: [{ path: ['messages'], message: 'Required' }] } });
  });

  it('legacy: array content → zod 400; tools silently dropped (plain text answer)', async () => {
    const parts = await postChat(legacy.url, { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    expect(parts.status).toBe(400);
    expect(parts.json).toMatchObject({ error: { issues: [{ path: ['messages', 0, 'content'], message: 'Expected string, received array' }] } });
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const old = await postChat(legacy.url, { model: 'gpt-4o', messages: HELLO, tools });
    expect((old.json as { choices: { finish_reason: string }[] }).choices[0]?.finish_reason).toBe('stop');
    const newer = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO, tools });
    expect(newer.json).toMatchObject({ choices: [{ finish_reason: 'tool_calls', message: { tool_calls: [{ function: { name: 'lookup' } }] } }] });
  });

  it('works through the openai SDK and raises AuthenticationError for a bad key', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
    const done = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(done.choices[0]?.message.content).toBeTruthy();
    const bad = new OpenAI({ baseURL: legacy.url, apiKey: 'wrong', maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('LLM Gateway simulator: stream', () => {
  it('names every frame, repeats role, sends two usage chunks, then event: done + [DONE]', async () => {
    const r = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO, stream: true });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const frames = parseSse(r.text);
    expect(frames.map((f) => f.id)).toEqual(frames.map((_, i) => String(i)));
    expect(frames.at(-1)).toMatchObject({ event: 'done', data: '[DONE]' });
    expect(frames.slice(0, -1).every((f) => f.event === 'chunk')).toBe(true);
    const chunks = payloads(frames) as { choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[]; usage?: unknown }[];
    const deltas = chunks.flatMap((c) => c.choices).filter((c) => c.delta.content);
    expect(deltas.every((d) => d.delta.role === 'assistant')).toBe(true);
    expect(chunks.filter((c) => c.usage !== undefined)).toHaveLength(2);
    expect(chunks.some((c) => c.choices.length === 0 && c.usage !== undefined)).toBe(true);
    const full = await postChat(sim.url, { model: 'gpt-4o', messages: HELLO });
    expect(deltas.map((d) => d.delta.content).join('')).toBe((full.json as { choices: { message: { content: string } }[] }).choices[0]?.message.content);
  });

  it('streams through the openai SDK as ordinary chunks', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('LLM Gateway simulator: catalog, health, routes', () => {
  it('lists unprefixed ids without auth, prices as JS number strings', async () => {
    const res = await fetch(`${sim.url}/models`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string; pricing: { prompt: string; completion: string } }[] };
    const byId = new Map(body.data.map((m) => [m.id, m]));
    expect(byId.get('gpt-4o-mini')?.pricing).toMatchObject({ prompt: '1.5e-7', completion: '6e-7' });
    expect(byId.get('gpt-4.1-mini')?.pricing.prompt).toBe('4.0000000000000003e-7');
    expect(byId.get('gpt-4o')?.pricing.prompt).toBe('0.0000025');
    expect(body.data.every((m) => !m.id.includes('/'))).toBe(true);
  });

  it('serves its own catalog: not claude-3-5-haiku (400), the recorded prices, custom and auto at "0"', async () => {
    const body = (await (await fetch(`${sim.url}/models`)).json()) as { data: { id: string; pricing: { prompt: string; completion: string } }[] };
    const byId = new Map(body.data.map((m) => [m.id, m.pricing]));
    for (const id of ['custom', 'auto', 'gpt-4', 'o3', 'claude-3-7-sonnet-20250219']) expect(byId.has(id)).toBe(true);
    for (const id of ['claude-3-5-haiku', 'o4-mini', 'gemini-2.5-flash', 'llama-3.3-70b-instruct', 'mistral-small-latest']) expect(byId.has(id)).toBe(false);
    expect(byId.get('deepseek-v3')).toMatchObject({ prompt: '1.5e-7', completion: '4.0000000000000003e-7' });
    expect(byId.get('mistral-large-latest')).toMatchObject({ prompt: '0.000004', completion: '0.000012' });
    expect(byId.get('llama-3.1-8b-instruct')?.completion).toBe('3.3e-7');
    expect(byId.get('auto')).toMatchObject({ prompt: '0', completion: '0' });
    const haiku = await postChat(legacy.url, { model: 'claude-3-5-haiku', messages: HELLO });
    expect(haiku.json).toEqual({ error: true, status: 400, message: 'Requested model claude-3-5-haiku not supported' });
    const auto = await postChat(sim.url, { model: 'auto', messages: HELLO });
    expect((auto.json as { model: string }).model).toBe('gpt-4o-mini');
    // A prefix names a provider, not an organisation.
    const byOrg = await postChat(sim.url, { model: 'google/gemini-2.0-flash', messages: HELLO });
    expect((byOrg.json as { error: { message: string } }).error.message).toMatch(/^Requested provider google not supported/);
    expect((await postChat(sim.url, { model: 'google-ai-studio/gemini-2.0-flash', messages: HELLO })).status).toBe(200);
  });

  it('providersWithoutKey: 400 "No API key set in environment for provider" (an invalid request, not an unknown model)', async () => {
    const s = await startSim('llmgateway', { legacy: true, providersWithoutKey: ['anthropic'] });
    try {
      const r = await postChat(s.url, { model: 'claude-3-7-sonnet-20250219', messages: HELLO });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ error: true, status: 400, message: 'No API key set in environment for provider: anthropic' });
      expect((await postChat(s.url, { model: 'gpt-4o', messages: HELLO })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('upstreamOmitsUsage: no usage unstreamed; streamed, an estimated usage chunk and [DONE], each twice (C63)', async () => {
    const s = await startSim('llmgateway', { upstreamOmitsUsage: ['openai/gpt-4o'] });
    try {
      const plain = (await postChat(s.url, { model: 'gpt-4o', messages: HELLO })).json as Record<string, unknown>;
      expect(plain).not.toHaveProperty('usage');
      const frames = parseSse((await postChat(s.url, { model: 'gpt-4o', messages: HELLO, stream: true })).text);
      expect(frames.slice(-4).map((f) => f.event)).toEqual(['chunk', 'done', 'chunk', 'done']);
      const usage = payloads(frames).filter((c) => 'usage' in c);
      expect(usage).toHaveLength(2);
      expect(usage[0]).toEqual(usage[1]);
      expect(usage[0]).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: null }] });
      const text = (payloads(frames) as { choices: { delta?: { content?: string } }[] }[]).map((c) => c.choices[0]?.delta?.content ?? '').join('');
      expect((usage[0] as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(Math.round(text.length / 4));
    } finally {
      await s.close();
    }
  });

  it('missingModels leaves a model out of the catalog and makes chat on it unknown', async () => {
    const s = await startSim('llmgateway', { missingModels: ['openai/gpt-4.1'] });
    try {
      const body = (await (await fetch(`${s.url}/models`)).json()) as { data: { id: string }[] };
      expect(body.data.map((m) => m.id)).not.toContain('gpt-4.1');
      expect((await postChat(s.url, { model: 'gpt-4.1', messages: HELLO })).status).toBe(400);
    } finally {
      await s.close();
    }
  });

  it('health at the host root; /v1/health and unknown routes are plain-text 404s', async () => {
    const root = sim.url.replace(/\/v1$/, '');
    expect(await (await fetch(`${root}/`)).json()).toMatchObject({ message: 'OK', version: expect.any(String), health: { status: 'ok' } });
    const h = await fetch(`${sim.url}/health`);
    expect(h.status).toBe(404);
    expect(h.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await h.text()).toBe('404 Not Found');
    expect((await fetch(`${sim.url}/chat/completions`)).status).toBe(404);
  });
});
