import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimServer } from './server.ts';
import { HELLO, KEY, parseSse, payloads, postChat, startSim } from './testing.ts';

let sim: SimServer;
let llm: SimServer;
beforeAll(async () => {
  sim = await startSim('aistats');
  llm = await startSim('llmgateway');
});
afterAll(async () => {
  await sim.close();
  await llm.close();
});

type Completion = { id: string; model: string; choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number; pricing: { total_nanos: number; total_cents: number; total_usd_str: string; lines: unknown[] } }; cost_nanos?: number; cost_cents?: number; currency?: string; pricing_lines?: unknown[] };

describe('AI Stats simulator: chat', () => {
  it('answers the same text as the LLM Gateway simulator, with G-<ULID> ids and no request-id header', async () => {
    const a = await postChat(sim.url, { model: 'openai/gpt-4o', messages: HELLO, temperature: 0 });
    const b = await postChat(llm.url, { model: 'gpt-4o', messages: HELLO, temperature: 0 });
    expect(a.status).toBe(200);
    const body = a.json as Completion;
    expect(body.choices[0]?.message.content).toBe((b.json as Completion).choices[0]?.message.content);
    expect(body.id).toMatch(/^G-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(body.model).toBe('openai/gpt-4o');
    expect(a.headers.get('x-request-id')).toBeNull();
  });

  it('reports cost in nanos: usage.pricing plus top-level fields, cents floored', async () => {
    const body = (await postChat(sim.url, { model: 'openai/gpt-4o-mini', messages: HELLO })).json as Completion;
    const expected = body.usage.prompt_tokens * 150 + body.usage.completion_tokens * 600;
    expect(body.usage.pricing.total_nanos).toBe(expected);
    expect(body.usage.pricing.total_cents).toBe(Math.floor(expected / 1e7));
    expect(body.usage.pricing.total_usd_str).toBe(String(expected / 1e9));
    expect(body).toMatchObject({ cost_nanos: expected, cost_cents: 0, currency: 'USD' });
    expect(body.pricing_lines).toEqual(body.usage.pricing.lines);
  });

  it('checks the key first: bad key + bad model → 401, bad key + malformed JSON → 401', async () => {
    const both = await postChat(sim.url, { model: 'nope/does-not-exist', messages: HELLO }, { key: 'phaseo_v1_sk_UNKNOWNKID99_x' });
    expect(both.status).toBe(401);
    expect(both.json).toMatchObject({ status_code: 401, error: 'unauthorised', error_type: 'user', error_origin: 'user', description: 'key_not_found_or_revoked' });
    expect((both.json as { generation_id: string }).generation_id).toMatch(/^G-/);
    expect(both.headers.get('x-gateway-error-attribution')).toBe('user');
    const raw = await postChat(sim.url, {}, { key: 'sk-garbage', raw: '{"model":' });
    expect(raw.status).toBe(401);
    expect(raw.json).toMatchObject({ description: 'invalid_key_format' });
    const missing = await postChat(sim.url, { model: 'openai/gpt-4o', messages: HELLO }, { key: null });
    expect(missing.json).toMatchObject({ description: 'missing_or_invalid_authorization_header' });
  });

  it('unknown model → 400 unsupported_model_or_endpoint; bare ids are unknown (org prefix required)', async () => {
    for (const model of ['nope/does-not-exist', 'gpt-4o']) {
      const r = await postChat(sim.url, { model, messages: HELLO });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ error: 'unsupported_model_or_endpoint', reason: 'model_not_found_or_inactive' });
    }
    const pin = await postChat(sim.url, { model: 'nosuchprov:openai/gpt-4o', messages: HELLO });
    expect(pin.json).toMatchObject({ error: 'validation_error', error_operational_kind: 'unknown_provider_slug' });
  });

  it('invalid JSON and schema failures after a valid key', async () => {
    expect((await postChat(sim.url, {}, { raw: '{"model":' })).json).toMatchObject({ status_code: 400, error: 'invalid_json' });
    const schema = await postChat(sim.url, { messages: HELLO });
    expect(schema.json).toMatchObject({ error: 'validation_error', description: 'Invalid input: expected string, received undefined at model', details: [{ path: ['model'] }] });
  });

  it('drift.unknownModelStatus changes the unknown-model answer', async () => {
    const s = await startSim('aistats', { drift: { unknownModelStatus: 500 } });
    try {
      const r = await postChat(s.url, { model: 'nope/x', messages: HELLO });
      expect(r.status).toBe(500);
    } finally {
      await s.close();
    }
  });
});

describe('AI Stats simulator: what the 2026-12-01 run added', () => {
  it('Responses-route bodies carry tool_calls: [] and token details; chat-route bodies refusal and annotations', async () => {
    const resp = (await postChat(sim.url, { model: 'openai/gpt-4o-mini', messages: HELLO })).json;
    expect(resp).toMatchObject({
      choices: [{ message: { role: 'assistant', refusal: null, annotations: [], tool_calls: [] } }],
      usage: { prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
    });
    const chat = (await postChat(sim.url, { model: 'google/gemini-2.0-flash', messages: HELLO })).json as { choices: { message: Record<string, unknown> }[]; usage: Record<string, unknown> };
    expect(chat.choices[0]?.message).toMatchObject({ refusal: null, annotations: [] });
    expect(chat.choices[0]?.message).not.toHaveProperty('tool_calls');
    expect(chat.usage).not.toHaveProperty('completion_tokens_details');
    const stream = payloads(parseSse((await postChat(sim.url, { model: 'openai/gpt-4o-mini', messages: HELLO, stream: true })).text));
    expect((stream.at(-1) as { choices: { message: Record<string, unknown> }[] }).choices[0]?.message).not.toHaveProperty('refusal');
  });

  it('unpricedModels: zero pricing with no lines, no top-level cost, null meters in the catalog', async () => {
    const s = await startSim('aistats', { unpricedModels: ['openai/gpt-4o-mini'] });
    try {
      const body = (await postChat(s.url, { model: 'openai/gpt-4o-mini', messages: HELLO })).json as Completion;
      expect(body.usage.prompt_tokens).toBeGreaterThan(0);
      expect(body.usage.pricing).toEqual({ total_nanos: 0, total_usd_str: '0', total_cents: 0, currency: 'USD', lines: [] });
      for (const k of ['cost_nanos', 'cost_cents', 'pricing_lines']) expect(body).not.toHaveProperty(k);
      const catalog = (await (await fetch(`${s.url}/models?limit=250`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as { models: { id: string; pricing: { meters: Record<string, unknown> } }[] };
      const meters = catalog.models.find((m) => m.id === 'openai/gpt-4o-mini')?.pricing.meters ?? {};
      expect(Object.values(meters).every((m) => m === null)).toBe(true);
      expect(catalog.models.find((m) => m.id === 'openai/gpt-4o')?.pricing.meters['input_text_tokens']).not.toBeNull();
    } finally {
      await s.close();
    }
  });

  it('upstreamOmitsUsage: usage {0,0,0} for a non-empty answer; streamed, no usage chunk at all', async () => {
    const s = await startSim('aistats', { upstreamOmitsUsage: ['google/gemini-2.0-flash', 'openai/gpt-4o-mini'] });
    try {
      const body = (await postChat(s.url, { model: 'google/gemini-2.0-flash', messages: HELLO })).json as Completion;
      expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
      expect(body.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, pricing: { total_nanos: 0, lines: [] } });
      expect(body).not.toHaveProperty('cost_nanos');
      for (const model of ['google/gemini-2.0-flash', 'openai/gpt-4o-mini']) {
        const chunks = payloads(parseSse((await postChat(s.url, { model, messages: HELLO, stream: true })).text));
        expect(chunks.length).toBeGreaterThan(1);
        expect(chunks.some((c) => 'usage' in c)).toBe(false);
      }
    } finally {
      await s.close();
    }
  });
});

describe('AI Stats simulator: stream', () => {
  it('chat-route models: plain data frames, provider slug, usage-only last chunk with pricing, no [DONE]', async () => {
    const r = await postChat(sim.url, { model: 'anthropic/claude-3-7-sonnet-20250219', messages: HELLO, stream: true, stream_options: { include_usage: false } });
    const frames = parseSse(r.text);
    expect(frames.every((f) => f.event === null && f.id === null)).toBe(true);
    expect(frames.some((f) => f.data === '[DONE]')).toBe(false);
    const chunks = payloads(frames) as { id: string; model: string; choices: { finish_reason: string | null }[]; usage?: { pricing?: unknown } }[];
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.model === 'claude-3-7-sonnet-20250219')).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.pricing).toBeDefined();
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.some((c) => 'cost_nanos' in c)).toBe(false);
  });

  it('openai/* models end with a whole chat.completion frame and no chunk has finish_reason', async () => {
    const r = await postChat(sim.url, { model: 'openai/gpt-4o', messages: HELLO, stream: true });
    const chunks = payloads(parseSse(r.text)) as { object: string; model: string; choices: { delta?: { content?: string }; message?: { content: string }; finish_reason: string | null }[]; usage?: unknown }[];
    const last = chunks.at(-1);
    expect(last?.object).toBe('chat.completion');
    expect(last?.model).toBe('openai/gpt-4o');
    expect(last?.usage).toBeDefined();
    const body = chunks.slice(0, -1);
    expect(body.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gpt-4o' && c.choices[0]?.finish_reason === null)).toBe(true);
    expect(body.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(last?.choices[0]?.message?.content);
  });

  it('streams through the openai SDK', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'meta/llama-3.1-8b-instruct', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('AI Stats simulator: catalog and health', () => {
  it('requires auth for /v1/models', async () => {
    const res = await fetch(`${sim.url}/models`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorised', reason: 'missing_or_invalid_authorization_header' });
  });

  it('pretty-prints {ok,…,models} with meter objects; default limit 50, clamp at 250, offset > 5000 → 400', async () => {
    const auth = { authorization: `Bearer ${KEY}` };
    const res = await fetch(`${sim.url}/models`, { headers: auth });
    const text = await res.text();
    expect(text).toContain('\n  "ok": true');
    const body = JSON.parse(text) as { ok: boolean; limit: number; offset: number; total: number; models: { id: string; pricing: { meters: Record<string, unknown> } }[] };
    expect(body).toMatchObject({ ok: true, availability_mode: 'active', limit: 50, offset: 0 });
    expect(body.total).toBe(body.models.length);
    const mini = body.models.find((m) => m.id === 'openai/gpt-4o-mini');
    expect(mini?.pricing.meters.input_text_tokens).toEqual({ provider_id: 'openai', unit: 'token', unit_size: 1000000, price_per_unit: '0.15', currency: 'USD' });
    expect(mini?.pricing.meters.input_audio_seconds).toBeNull();
    expect(Object.keys(mini?.pricing.meters ?? {})).toHaveLength(21);
    const clamped = (await (await fetch(`${sim.url}/models?limit=1000`, { headers: auth })).json()) as { limit: number };
    expect(clamped.limit).toBe(250);
    const page = (await (await fetch(`${sim.url}/models?limit=2&offset=3`, { headers: auth })).json()) as { models: { id: string }[] };
    expect(page.models.map((m) => m.id)).toEqual(body.models.slice(3, 5).map((m) => m.id));
    const tooFar = await fetch(`${sim.url}/models?offset=5001`);
    expect(tooFar.status).toBe(400);
    expect(await tooFar.json()).toMatchObject({ ok: false, error: 'invalid_request' });
  });

  it('GET /v1/health → {"status":"ok"} without auth; unknown routes → text 404', async () => {
    const res = await fetch(`${sim.url}/health`);
    expect(await res.text()).toBe('{"status":"ok"}');
    const nf = await fetch(`${sim.url}/nope`, { method: 'POST' });
    expect(nf.status).toBe(404);
    expect(await nf.text()).toBe('404 Not Found');
  });
});

describe('AI Stats simulator: tool calls', () => {
  it('streams a tool call whose pieces join to the non-streamed arguments', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const body = { model: 'mistral/mistral-large-latest', messages: HELLO, tools };
    const whole = (await postChat(sim.url, body)).json as { choices: { finish_reason: string; message: { tool_calls: { function: { name: string; arguments: string } }[] } }[] };
    const call = whole.choices[0]?.message.tool_calls[0]?.function;
    expect(whole.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.name).toBe('get_weather');
    const chunks = payloads(parseSse((await postChat(sim.url, { ...body, stream: true })).text)) as { choices: { delta: { tool_calls?: { function: { arguments?: string } }[] }; finish_reason: string | null }[] }[];
    const args = chunks.flatMap((c) => c.choices).map((c) => c.delta.tool_calls?.[0]?.function.arguments ?? '').join('');
    expect(args).toBe(call?.arguments);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls')).toBe(true);
  });
});
