import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { scoreCase } from '../score/case.ts';
import { arm, promptCase } from '../score/test-samples.test-util.ts';
import { applyDecision } from './digest.ts';
import { gateRun } from './gate.ts';
import { findCheck } from './types.ts';

const thresholds = ThresholdsSchema.parse({});

describe('timing resolution of a busy client machine', () => {
  // p50 100 → 125 ms at 20 requests per arm: a clear +25 % per case, 25 ms.
  const base = Array.from({ length: 20 }, (_, i) => 95 + i * 0.5);
  const slow = base.map((x) => x + 25);
  const c = scoreCase({ case: promptCase(), baseline: arm('baseline', base), candidate: arm('candidate', slow), stored: null, status: 'compared', thresholds });

  it('fails the slowdown when the run timed finer than it', () => {
    const { run, decisions } = gateRun([c], { thresholds, strict: false, timingResolutionMs: 2 });
    expect(findCheck(applyDecision(c, decisions[0]).checks, 'latency')?.verdict).toBe('fail');
    expect(run.verdict).toBe('fail');
  });

  it('does not attribute a difference within the resolution to the gateway: pass, named, with what to do', () => {
    const { run, decisions } = gateRun([c], { thresholds, strict: false, timingResolutionMs: 40 });
    const latency = findCheck(applyDecision(c, decisions[0]).checks, 'latency');
    expect(latency?.verdict).toBe('pass');
    expect(latency?.reason).toMatch(/^E2E latency looks slower: p50 \+25 % .* slower by 25\.0 ms, within this run's timing resolution \(the measuring process's event loop was delayed by up to 40\.0 ms for 9 responses in 10\): not attributed to the gateway — rerun on a quieter machine to tell\.$/);
    expect(run.verdict).toBe('pass');
  });
});
