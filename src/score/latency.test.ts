import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { latencyCheck, ttftCheck } from './latency.ts';
import { lognormalSamples, mulberry32 } from './prng.test-util.ts';

const thresholds = ThresholdsSchema.parse({}).latency;
const TRIALS = 200;

function failRate(seed: number, n: number, slowdown: number): number {
  const next = mulberry32(seed);
  let fails = 0;
  for (let t = 0; t < TRIALS; t++) {
    const baseline = lognormalSamples(next, n, 400, 0.25);
    const candidate = lognormalSamples(next, n, 400, 0.25).map((ms) => ms * slowdown);
    if (latencyCheck('latency', baseline, candidate, thresholds).verdict === 'fail') fails++;
  }
  return fails / TRIALS;
}

describe('latency check', () => {
  it('fails in at most 5 % of 200 trials when both arms have the same distribution (30 samples)', () => {
    expect(failRate(11, 30, 1)).toBeLessThanOrEqual(0.05);
  });

  it('fails in at least 95 % of 200 trials when the candidate is 30 % slower (30 samples)', () => {
    expect(failRate(12, 30, 1.3)).toBeGreaterThanOrEqual(0.95);
  });

  it('is inconclusive with 3 samples per arm, even when clearly slower', () => {
    const r = latencyCheck('latency', [100, 110, 120], [300, 310, 320], thresholds);
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toMatch(/Too few samples.*need 5/);
  });

  it('reports ratios and the raw p-value for the gate', () => {
    const next = mulberry32(3);
    const r = latencyCheck('latency', lognormalSamples(next, 30, 400, 0.2), lognormalSamples(next, 30, 800, 0.2), thresholds);
    expect(r.verdict).toBe('fail');
    expect(r.metrics.p50Ratio).toBeGreaterThan(1.5);
    expect(r.metrics.criteria?.[0]?.pValue).toBeLessThan(0.001);
    expect(r.metrics.p99Ratio).toBeNull(); // p99 only with ≥ 100 samples per arm
  });

  it('gates p99 only with enough samples', () => {
    const next = mulberry32(4);
    const base = lognormalSamples(next, 120, 400, 0.2);
    const r = latencyCheck('latency', base, lognormalSamples(next, 120, 400, 0.2), thresholds);
    expect(typeof r.metrics.p99Ratio).toBe('number');
  });

  it('a faster candidate passes', () => {
    const next = mulberry32(5);
    const r = latencyCheck('latency', lognormalSamples(next, 30, 400, 0.2), lognormalSamples(next, 30, 200, 0.2), thresholds);
    expect(r.verdict).toBe('pass');
  });

  it('ttft is skipped on a case that is not streamed, not measured on a streamed case without a streamed sample on either side', () => {
    expect(ttftCheck(false, [], [], thresholds).verdict).toBe('skipped');
    const none = ttftCheck(true, [], [], thresholds);
    expect(none.verdict).toBe('not-measured');
    expect(none.reason).toBe('No successful streamed sample on either side.');
  });
});
