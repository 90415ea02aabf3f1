import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { decideRollout, ROLLOUT_EXIT, type RolloutOptions } from './decide.ts';
import { metricsFile } from './metrics.test-util.ts';

const options: RolloutOptions = { thresholds: ThresholdsSchema.parse({}), minRequests: 100, maxErrorIncrease: 0.01 };

describe('decideRollout', () => {
  it('rolls back a clearly worse candidate error rate', () => {
    const r = decideRollout(metricsFile({ requests: 2000, errors: 20 }, { requests: 400, errors: 40 }), options);
    expect(r.decision).toBe('rollback');
    expect(r.reasons.join(' ')).toMatch(/Error rate higher on the candidate: candidate 10\.0 % \(40\/400\) vs baseline 1\.0 % \(20\/2000\): \+9\.0 points/);
  });

  it('promotes equal arms with enough samples', () => {
    const r = decideRollout(metricsFile({ requests: 2000, errors: 20 }, { requests: 400, errors: 4 }), options);
    expect(r.decision).toBe('promote');
    expect(r.checks.map((c) => c.verdict)).toEqual(['pass', 'pass']);
  });

  it('holds on too few samples', () => {
    const r = decideRollout(metricsFile({ requests: 60, errors: 0 }, { requests: 12, errors: 0 }), options);
    expect(r.decision).toBe('hold');
    expect(r.reasons[0]).toMatch(/Too few requests to decide: baseline 60, candidate 12; need 100 per arm/);
  });

  it('rolls back a significantly and practically slower candidate', () => {
    const r = decideRollout(metricsFile({ requests: 1000, errors: 0 }, { requests: 300, errors: 0, medianMs: 600 }), options);
    expect(r.decision).toBe('rollback');
    expect(r.reasons.join(' ')).toMatch(/E2E latency regressed: p50 \+\d+ %/);
  });

  it('promotes, naming the gap, when the error rate looks worse but the evidence is weak (the one rule)', () => {
    // 2 of 100 vs 0 of 100: +2 points, over the limit, but Fisher p ≈ 0.25.
    const r = decideRollout(metricsFile({ requests: 100, errors: 0 }, { requests: 100, errors: 2 }), options);
    expect(r.decision).toBe('promote');
    expect(r.reasons.join(' ')).toMatch(/looks higher .* not significantly .*treated as noise/);
  });

  it('rolls back on overwhelming evidence even below the minimum request count', () => {
    const r = decideRollout(metricsFile({ requests: 80, errors: 0 }, { requests: 30, errors: 25 }), options);
    expect(r.decision).toBe('rollback');
  });

  it('does not roll back for an increase inside the configured limit', () => {
    // 1.5 % vs 1 % on large counts is significant, but the limit is +1 point.
    const r = decideRollout(metricsFile({ requests: 40_000, errors: 400 }, { requests: 40_000, errors: 600 }), options);
    expect(r.checks[0]?.verdict).toBe('pass');
    expect(decideRollout(metricsFile({ requests: 40_000, errors: 400 }, { requests: 40_000, errors: 600 }), { ...options, maxErrorIncrease: 0.002 }).decision).toBe('rollback');
  });

  it('holds when neither arm has a successful call', () => {
    expect(decideRollout(metricsFile({ requests: 200, errors: 200 }, { requests: 200, errors: 200 }), options).decision).toBe('hold');
  });

  it('maps decisions to exit codes 0 / 1 / 75 (hold: try again later, not a usage error)', () => {
    expect(ROLLOUT_EXIT).toEqual({ promote: 0, rollback: 1, hold: 75 });
  });
});
