import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { createCanary } from './client.ts';
import { armFor } from './hash.ts';
import { CanaryError, type CanaryMetric, type ChatClient } from './types.ts';

class FakeStatusError extends Error {
  constructor(readonly status: number) {
    super(`${status} from fake`);
  }
}

/** A client that records what it was sent and answers like a gateway would. */
function fakeClient(answer: (body: ChatCompletionCreateParamsNonStreaming) => object | Error): ChatClient & { sent: ChatCompletionCreateParamsNonStreaming[] } {
  const sent: ChatCompletionCreateParamsNonStreaming[] = [];
  return {
    sent,
    chat: {
      completions: {
        create: async (body) => {
          sent.push(body);
          const a = answer(body);
          if (a instanceof Error) throw a;
          return a as ChatCompletion;
        },
      },
    },
  };
}

const completion = (extra: object = {}) => ({
  id: 'c1',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
  ...extra,
});

const keyFor = (arm: 'baseline' | 'candidate', percent: number): string => {
  for (let i = 0; ; i++) if (armFor(`u${i}`, percent) === arm) return `u${i}`;
};

function setup(percent: number, candidateAnswer: () => object | Error = () => completion({ cost_nanos: 4200 })) {
  const metrics: CanaryMetric[] = [];
  const baseline = fakeClient(() => completion());
  const candidate = fakeClient(candidateAnswer);
  let t = 0;
  const canary = createCanary({
    baseline,
    candidate,
    percent,
    aliases: { 'my-model': 'acme/my-model-v2' },
    onMetric: (m) => metrics.push(m),
    monotonicMs: () => (t += 7),
    epochMs: () => 1_700_000_000_000,
  });
  return { canary, baseline, candidate, metrics };
}

describe('createCanary', () => {
  it('accepts a real OpenAI client (type level) without sending anything', () => {
    const real: ChatClient = new OpenAI({ apiKey: 'test-key-not-used', baseURL: 'http://127.0.0.1:9/v1' });
    expect(() => createCanary({ baseline: real, candidate: real, percent: 5 })).not.toThrow();
  });

  it('routes by key, maps the model id on the candidate arm only, and records both arms', async () => {
    const { canary, baseline, candidate, metrics } = setup(30);
    const messages = [{ role: 'user' as const, content: 'hello' }];
    await canary.chat(keyFor('baseline', 30), { model: 'gpt-4o', messages });
    await canary.chat(keyFor('candidate', 30), { model: 'gpt-4o', messages });
    await canary.chat(keyFor('candidate', 30), { model: 'my-model', messages });
    expect(baseline.sent.map((b) => b.model)).toEqual(['gpt-4o']);
    expect(candidate.sent.map((b) => b.model)).toEqual(['openai/gpt-4o', 'acme/my-model-v2']);
    expect(metrics).toHaveLength(3);
    expect(metrics[0]).toEqual({
      arm: 'baseline',
      model: 'gpt-4o',
      operation: 'chat',
      latencyMs: 7,
      outcome: { kind: 'ok' },
      usage: { promptTokens: 12, completionTokens: 3 },
      costNanos: null, // LLM Gateway reports no cost: unknown, not 0
      startedAt: 1_700_000_000_000,
    });
    expect(metrics[1]).toMatchObject({ arm: 'candidate', model: 'openai/gpt-4o', costNanos: 4200 });
  });

  it('records a failed call with its status and rethrows the original error', async () => {
    const err = new FakeStatusError(502);
    const { canary, metrics } = setup(100, () => err);
    await expect(canary.chat('anyone', { model: 'gpt-4o', messages: [] })).rejects.toBe(err);
    expect(metrics[0]).toMatchObject({ arm: 'candidate', outcome: { kind: 'error', status: 502, errorClass: 'FakeStatusError' }, usage: null, costNanos: null });
  });

  it('records an error without an HTTP response as status null', async () => {
    const { canary, metrics } = setup(100, () => new TypeError('fetch failed'));
    await expect(canary.chat('anyone', { model: 'gpt-4o', messages: [] })).rejects.toThrow('fetch failed');
    expect(metrics[0]?.outcome).toEqual({ kind: 'error', status: null, errorClass: 'TypeError' });
  });

  it('does not fail the request when the metric sink throws', async () => {
    const seen: unknown[] = [];
    const canary = createCanary({
      baseline: fakeClient(() => completion()),
      candidate: fakeClient(() => completion()),
      percent: 0,
      onMetric: () => {
        throw new Error('sink down');
      },
      onMetricError: (e) => seen.push(e),
    });
    await expect(canary.chat('k', { model: 'gpt-4o', messages: [] })).resolves.toMatchObject({ id: 'c1' });
    expect(seen).toHaveLength(1);
  });

  it('routes custom calls the same way and changes percentage without reshuffling', async () => {
    const { canary, metrics } = setup(10);
    const k = keyFor('candidate', 10);
    const seen = await canary.call(k, 'gpt-4o-mini', async (_client, model, arm) => `${arm}:${model}`);
    expect(seen).toBe('candidate:openai/gpt-4o-mini');
    await canary.call(k, 'text-embedding-3-small', async () => ({ data: [] }), { operation: 'embeddings' });
    expect(metrics.map((m) => m.operation)).toEqual(['chat', 'embeddings']);
    const wider = canary.withPercent(50);
    expect(wider.percent).toBe(50);
    expect(wider.arm(k)).toBe('candidate');
    expect(canary.arm(k)).toBe('candidate');
  });

  it('refuses a percentage outside 0–100 when created', () => {
    expect(() => setup(120)).toThrow(CanaryError);
  });
});
