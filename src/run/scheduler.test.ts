import { describe, expect, it } from 'vitest';
import type { PromptCase } from '../suite/types.ts';
import type { ResolvedGateway } from '../config/load.ts';
import type { Attempted, ChatRequest } from '../gateway/client.ts';
import { countJobs, jobs, runSuite } from './scheduler.ts';

const c = (id: string, extra: Partial<PromptCase> = {}): PromptCase => ({
  id,
  file: 'x.yaml',
  line: 1,
  tags: [],
  model: 'gpt-4o',
  messages: [{ role: 'user', content: id }],
  params: {},
  streamModes: [false],
  repeat: 2,
  compare: 'text',
  thresholds: {},
  assertions: [],
  hash: id,
  ...extra,
});

describe('jobs', () => {
  it('sends warm-ups first (excluded), then interleaves the gateways pair by pair, A before B on even repeats and B before A on odd ones', () => {
    const list = [...jobs({ cases: [c('a', { streamModes: [false, true] }), c('b')], arms: ['baseline', 'candidate'], warmup: 1 })];
    expect(list.slice(0, 2).map((j) => [j.warmup, j.role])).toEqual([
      [true, 'baseline'],
      [true, 'candidate'],
    ]);
    const measured = list.filter((j) => !j.warmup);
    const pairs = measured.map((j) => `${j.case.id}${j.repeat}${j.stream ? 's' : ''}:${j.role === 'baseline' ? 'A' : 'B'}`);
    expect(pairs).toEqual(['a0:A', 'a0:B', 'a0s:A', 'a0s:B', 'a1:B', 'a1:A', 'a1s:B', 'a1s:A', 'b0:A', 'b0:B', 'b1:B', 'b1:A']);
    expect(measured.map((j) => `${j.case.id}${j.repeat}${j.stream ? 's' : ''}`)).toEqual([
      'a0', 'a0', 'a0s', 'a0s', 'a1', 'a1', 'a1s', 'a1s', 'b0', 'b0', 'b1', 'b1',
    ]);
    expect(countJobs({ cases: [c('a', { streamModes: [false, true] }), c('b')], arms: ['baseline', 'candidate'] })).toBe(measured.length);
  });

  it('applies --repeat to ordinary cases only; contract cases keep their single sample', () => {
    const cases = [c('a'), c('k', { expectError: 'invalid-key', repeat: 1 })];
    const list = [...jobs({ cases, arms: ['candidate'], warmup: 0, repeat: 5 })];
    expect(list.filter((j) => j.case.id === 'a')).toHaveLength(5);
    expect(list.filter((j) => j.case.id === 'k')).toHaveLength(1);
    // Warm-ups never use a contract case.
    expect([...jobs({ cases: [cases[1] as PromptCase, cases[0] as PromptCase], arms: ['baseline'], warmup: 1 })][0]?.case.id).toBe('a');
  });
});

describe('runSuite', () => {
  it('sends no measured request before every warm-up request has finished', async () => {
    const events: string[] = [];
    let n = 0;
    const attempted: Attempted = { outcome: { kind: 'error', error: { status: null, code: null, message: 'x', kind: 'network', requestId: null, sdkClass: null, bodyShape: 'empty' } }, timings: { ttftMs: null, e2eMs: 1, tpotMs: null, maxGapMs: null }, retries: 0, requestId: null } as unknown as Attempted;
    const client = {
      send: async (_req: ChatRequest) => {
        const i = n++;
        events.push(`start ${i}`);
        // The warm-ups (the first two sends) are slow; measured ones answer at once.
        await new Promise((r) => setTimeout(r, i < 2 ? 30 : 0));
        events.push(`end ${i}`);
        return attempted;
      },
    };
    const arm = (name: string) => ({ gateway: { name, profile: 'openai-compatible', concurrency: 4 } as unknown as ResolvedGateway, client, aliases: {} });
    const samples: unknown[] = [];
    await runSuite({
      cases: [c('a'), c('b')],
      arms: ['baseline', 'candidate'],
      clients: { baseline: arm('old'), candidate: arm('new') },
      warmup: 1,
      signal: new AbortController().signal,
      hardSignal: new AbortController().signal,
      onSample: (smp) => samples.push(smp),
    });
    expect(samples).toHaveLength(8);
    const lastWarmupEnd = Math.max(events.indexOf('end 0'), events.indexOf('end 1'));
    expect(events.indexOf('start 2')).toBeGreaterThan(lastWarmupEnd);
  });
});
