import { describe, expect, it } from 'vitest';
import type { PromptCase } from '../suite/types.ts';
import { countJobs, jobs } from './scheduler.ts';

const c = (id: string, extra: Partial<PromptCase> = {}): PromptCase => ({
  id,
  file: 'x.yaml',
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
  it('sends warm-ups first (excluded), then interleaves the gateways A, B, A, B at every step', () => {
    const list = [...jobs({ cases: [c('a', { streamModes: [false, true] }), c('b')], arms: ['baseline', 'candidate'], warmup: 1 })];
    expect(list.slice(0, 2).map((j) => [j.warmup, j.role])).toEqual([
      [true, 'baseline'],
      [true, 'candidate'],
    ]);
    const measured = list.filter((j) => !j.warmup);
    expect(measured.map((j) => j.role)).toEqual(measured.map((_, i) => (i % 2 === 0 ? 'baseline' : 'candidate')));
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
