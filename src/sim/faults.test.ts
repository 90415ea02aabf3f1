import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../config/schema.ts';
import type { ProfileName } from '../gateway/types.ts';
import type { SimServer } from './server.ts';
import { HELLO, KEY, parseSse, payloads, postChat, startSim } from './testing.ts';

async function withFault<T>(profile: ProfileName, kind: FaultKind, fn: (s: SimServer) => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const s = await startSim(profile, { faults: { rate: 1, kinds: [kind] }, ...extra });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const modelOf = (p: ProfileName) => (p === 'aistats' ? 'openai/gpt-4o-mini' : 'gpt-4o-mini');
const chat = (s: SimServer, p: ProfileName, stream = false) => postChat(s.url, { model: modelOf(p), messages: HELLO, stream });

describe('fault injection', () => {
  it('http-429: no Retry-After; each profile in its own body', async () => {
    await withFault('aistats', 'http-429', async (s) => {
      const r = await chat(s, 'aistats');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeNull();
      expect(r.json).toMatchObject({ error: 'key_limit_exceeded', error_type: 'user' });
    });
    await withFault('llmgateway', 'http-429', async (s) => {
      const r = await chat(s, 'llmgateway');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeNull();
      expect(r.json).toMatchObject({ error: { type: 'rate_limit_error' } });
    });
  });

  it('http-429-retry-after: Retry-After 1 plus RateLimit headers on LLM Gateway; never on AI Stats; the legacy snapshot has no rate limit', async () => {
    await withFault('llmgateway', 'http-429-retry-after', async (s) => {
      const r = await chat(s, 'llmgateway');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
      expect(r.headers.get('x-ratelimit-limit')).toBeTruthy();
    });
    await withFault('aistats', 'http-429-retry-after', async (s) => {
      const r = await chat(s, 'aistats');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeNull();
      expect(r.headers.get('x-ratelimit-limit')).toBeNull();
    });
    await withFault('llmgateway', 'http-429-retry-after', async (s) => expect((await chat(s, 'llmgateway')).status).toBe(200), { legacy: true });
  });

  it('upstream-rate-limited: AI Stats 502 naming the upstream 429 (JSON even when streamed); LLM Gateway 500 gateway_error, streamed 200 + event: error', async () => {
    await withFault('aistats', 'upstream-rate-limited', async (s) => {
      for (const stream of [false, true]) {
        const r = await chat(s, 'aistats', stream);
        expect(r.status).toBe(502);
        expect(r.headers.get('content-type')).toBe('application/json');
        expect(r.headers.get('retry-after')).toBeNull();
        expect(r.headers.get('x-gateway-error-origin')).toBe('upstream');
        expect(r.json).toMatchObject({
          error: 'upstream_error',
          reason: 'all_candidates_failed',
          failed_statuses: [429],
          failure_sample: [{ status: 429, type: 'upstream_non_2xx' }],
          provider_failure_diagnostics: { category: 'rate_limited' },
        });
      }
    });
    for (const legacy of [false, true]) {
      await withFault(
        'llmgateway',
        'upstream-rate-limited',
        async (s) => {
          const r = await chat(s, 'llmgateway');
          expect(r.status).toBe(500);
          expect(r.headers.get('retry-after')).toBeNull();
          expect(r.json).toMatchObject({ error: { message: 'Error from provider: 429 Too Many Requests', type: 'gateway_error', code: 'gateway_error', usedProvider: 'openai' } });
          const st = await chat(s, 'llmgateway', true);
          expect(st.status).toBe(200);
          expect(st.headers.get('content-type')).toBe('text/event-stream');
          const frames = parseSse(st.text);
          expect(frames).toEqual([
            { event: 'error', data: '{"error":{"message":"Error from provider: 429 Too Many Requests","type":"gateway_error","param":null,"code":"gateway_error"}}', id: '0' },
            { event: 'done', data: '[DONE]', id: '1' },
          ]);
        },
        { legacy },
      );
    }
  });

  it('upstream-failed: AI Stats 502 failed_statuses [500]; LLM Gateway 500 upstream_error, streamed 200 + event: error (C60)', async () => {
    await withFault('aistats', 'upstream-failed', async (s) => {
      const r = await chat(s, 'aistats');
      expect(r.status).toBe(502);
      expect(r.json).toMatchObject({ error: 'upstream_error', failed_statuses: [500], provider_failure_diagnostics: { category: 'server_error' } });
    });
    await withFault('llmgateway', 'upstream-failed', async (s) => {
      expect((await chat(s, 'llmgateway')).json).toMatchObject({ error: { message: 'Error from provider: 500 Internal Server Error', code: 'upstream_error' } });
      const st = await chat(s, 'llmgateway', true);
      expect(st.status).toBe(200);
      expect(parseSse(st.text).map((f) => f.event)).toEqual(['error', 'done']);
    });
  });

  it('upstream-unreachable: AI Stats 502 without failed_statuses; LLM Gateway a generic 500, streamed 200 with an empty body (C66)', async () => {
    await withFault('aistats', 'upstream-unreachable', async (s) => {
      const r = await chat(s, 'aistats');
      expect(r.status).toBe(502);
      expect(r.json).toMatchObject({ error: 'upstream_error', failure_sample: [{ type: 'retryable_error', status: null, retryable: true }] });
      expect(r.json).not.toHaveProperty('failed_statuses');
    });
    await withFault(
      'llmgateway',
      'upstream-unreachable',
      async (s) => {
        const r = await chat(s, 'llmgateway');
        expect(r.status).toBe(500);
        expect(r.json).toEqual({ error: true, status: 500, message: 'Internal Server Error' });
        expect(r.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9]{40}$/);
        const st = await chat(s, 'llmgateway', true);
        expect(st.status).toBe(200);
        expect(st.headers.get('content-type')).toBe('text/event-stream');
        expect(st.text).toBe('');
      },
      { legacy: true },
    );
  });

  it('upstream-not-json: LLM Gateway 500, streamed only an estimated usage chunk and [DONE]', async () => {
    await withFault('llmgateway', 'upstream-not-json', async (s) => {
      expect((await chat(s, 'llmgateway')).status).toBe(500);
      const frames = parseSse((await chat(s, 'llmgateway', true)).text);
      expect(frames.map((f) => f.event)).toEqual(['chunk', 'done']);
      expect(payloads(frames)[0]).toMatchObject({ choices: [{ index: 0, delta: {}, finish_reason: null }], usage: { completion_tokens: 0 } });
    });
  });

  it.each([
    ['http-500', 500, 500],
    ['http-502', 502, 502],
    ['http-504', 504, 504],
    ['http-529', 529, 529],
  ] as const)('%s → LLM Gateway %i, AI Stats %i', async (kind, llmStatus, aiStatus) => {
    await withFault('llmgateway', kind, async (s) => expect((await chat(s, 'llmgateway')).status).toBe(llmStatus));
    await withFault('aistats', kind, async (s) => {
      const r = await chat(s, 'aistats');
      expect(r.status).toBe(aiStatus);
      expect(r.json).toMatchObject({ status_code: aiStatus, generation_id: expect.stringMatching(/^G-/) });
    });
  });

  it('reset: the connection drops before any status line', async () => {
    await withFault('aistats', 'reset', async (s) => {
      await expect(chat(s, 'aistats')).rejects.toThrow();
    });
  });

  it('hang: never answers; the client times out and the server still closes', async () => {
    await withFault('llmgateway', 'hang', async (s) => {
      const res = fetch(`${s.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ model: 'gpt-4o', messages: HELLO }),
        signal: AbortSignal.timeout(150),
      });
      await expect(res).rejects.toThrow(/abort|timeout/i);
    });
  });

  it('not-json: 200 with a body that is not JSON', async () => {
    await withFault('llmgateway', 'not-json', async (s) => {
      const r = await chat(s, 'llmgateway');
      expect(r.status).toBe(200);
      expect(r.json).toBeUndefined();
    });
  });

  it('stream-cut: LLM Gateway ends with estimated usage + [DONE] and no finish_reason; AI Stats just ends', async () => {
    await withFault('llmgateway', 'stream-cut', async (s) => {
      const frames = parseSse((await chat(s, 'llmgateway', true)).text);
      expect(frames.at(-1)?.data).toBe('[DONE]');
      const chunks = payloads(frames) as { choices: { finish_reason: string | null }[]; usage?: unknown }[];
      expect(chunks.some((c) => c.choices.some((ch) => ch.finish_reason !== null))).toBe(false);
      expect(chunks.at(-1)?.usage).toBeDefined();
    });
    await withFault('aistats', 'stream-cut', async (s) => {
      const chunks = payloads(parseSse((await chat(s, 'aistats', true)).text)) as { object: string; usage?: unknown }[];
      expect(chunks.length).toBeGreaterThan(0);
      expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.usage === undefined)).toBe(true);
    });
  });

  it('stream-cut does not touch a non-streamed request', async () => {
    await withFault('aistats', 'stream-cut', async (s) => expect((await chat(s, 'aistats')).status).toBe(200));
  });

  it('stream-error: LLM Gateway event: error + [DONE] (SDK throws); AI Stats Responses route an object:"error" frame with message "stream_error"', async () => {
    await withFault('llmgateway', 'stream-error', async (s) => {
      const frames = parseSse((await chat(s, 'llmgateway', true)).text);
      expect(frames.map((f) => f.event).slice(-2)).toEqual(['error', 'done']);
      expect(JSON.parse(frames.at(-2)?.data ?? '{}')).toMatchObject({ error: { code: 'streaming_error' } });
      const client = new OpenAI({ baseURL: s.url, apiKey: KEY, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
      await expect(async () => {
        for await (const _chunk of stream) void _chunk;
      }).rejects.toBeInstanceOf(OpenAI.APIError);
    });
    await withFault('aistats', 'stream-error', async (s) => {
      const chunks = payloads(parseSse((await chat(s, 'aistats', true)).text));
      expect(chunks.at(-1)).toEqual({ object: 'error', message: 'stream_error', nativeResponseId: expect.stringMatching(/^resp_/), id: expect.stringMatching(/^G-/) });
    });
  });

  it('stream-error on AI Stats: a chat-route stream just ends; an unstreamed Responses-route request gets 502 google_empty_response', async () => {
    await withFault('aistats', 'stream-error', async (s) => {
      const chat = await postChat(s.url, { model: 'google/gemini-2.0-flash', messages: HELLO, stream: true });
      const chunks = payloads(parseSse(chat.text)) as { object: string; usage?: unknown; choices: { finish_reason: string | null }[] }[];
      expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.usage === undefined && c.choices.every((ch) => ch.finish_reason === null))).toBe(true);
      const plain = await postChat(s.url, { model: 'openai/gpt-4o-mini', messages: HELLO });
      expect(plain.status).toBe(502);
      expect(plain.json).toMatchObject({ error: 'google_empty_response', error_origin: 'upstream' });
      expect((await postChat(s.url, { model: 'google/gemini-2.0-flash', messages: HELLO })).status).toBe(200);
    });
  });

  it('slow-drip: chunks arrive at least 25 ms apart and the stream still finishes', async () => {
    await withFault('aistats', 'slow-drip', async (s) => {
      const t0 = performance.now();
      const r = await chat(s, 'aistats', true);
      const elapsed = performance.now() - t0;
      const chunks = payloads(parseSse(r.text)) as { object: string; choices: { delta?: { content?: string } }[] }[];
      const contentChunks = chunks.filter((c) => c.choices[0]?.delta?.content);
      expect(chunks.at(-1)?.object).toBe('chat.completion');
      expect(elapsed).toBeGreaterThanOrEqual((contentChunks.length - 1) * 25);
    });
  });

  it('never applies to health or catalog routes', async () => {
    await withFault('aistats', 'http-500', async (s) => {
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
      expect((await fetch(`${s.url}/models`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
    });
  });

  it('applies to about `rate` of requests, the same ones for the same seed', async () => {
    const statuses = async () =>
      withFault(
        'llmgateway',
        'http-500',
        async (s) => {
          const out: number[] = [];
          for (let i = 0; i < 40; i++) out.push((await chat(s, 'llmgateway')).status);
          return out;
        },
        { faults: { rate: 0.3, kinds: ['http-500'], seed: 11 } },
      );
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    const failed = first.filter((st) => st === 500).length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(25);
  });
});

describe('fault injection, legacy LLM Gateway', () => {
  it('stream-error arrives before any chunk: only event: error then [DONE], as the June 2025 snapshot', async () => {
    await withFault(
      'llmgateway',
      'stream-error',
      async (s) => {
        const r = await chat(s, 'llmgateway', true);
        expect(r.status).toBe(200);
        const frames = parseSse(r.text);
        expect(frames.map((f) => f.event)).toEqual(['error', 'done']);
        expect(JSON.parse(frames[0]?.data ?? '{}')).toMatchObject({ error: { type: 'upstream_error', code: 'upstream_error' } });
      },
      { legacy: true },
    );
  });
});
