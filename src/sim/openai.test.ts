import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimServer } from './server.ts';
import { HELLO, KEY, parseSse, payloads, postChat, startSim } from './testing.ts';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSim('openai-compatible');
});
afterAll(() => sim.close());

describe('OpenAI-compatible simulator', () => {
  it('uses the OpenAI error envelope (key first, then model)', async () => {
    const bad = await postChat(sim.url, { model: 'nope', messages: HELLO }, { key: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });
    const model = await postChat(sim.url, { model: 'nope', messages: HELLO });
    expect(model.status).toBe(404);
    expect(model.json).toMatchObject({ error: { code: 'model_not_found' } });
  });

  it('streams plain data frames ending in [DONE]; usage only with include_usage', async () => {
    const plain = parseSse((await postChat(sim.url, { model: 'gpt-4o', messages: HELLO, stream: true })).text);
    expect(plain.at(-1)?.data).toBe('[DONE]');
    expect(payloads(plain).some((c) => 'usage' in c)).toBe(false);
    const withUsage = parseSse((await postChat(sim.url, { model: 'gpt-4o', messages: HELLO, stream: true, stream_options: { include_usage: true } })).text);
    const usage = payloads(withUsage).filter((c) => 'usage' in c);
    expect(usage).toHaveLength(1);
    expect(usage[0]?.choices).toEqual([]);
  });

  it('serves the SDK, including models.list with auth', async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: KEY, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('openai/gpt-4o');
    const done = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(done.choices[0]?.finish_reason).toBe('stop');
  });
});
