import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { minimumDetectable, p50Model, runModel } from '../score/power.ts';
import { promptCase } from '../score/test-samples.test-util.ts';
import { ASSUMED_SPREAD, formatDetection, planDetection } from './detection.ts';

const thresholds = ThresholdsSchema.parse({});
const cases = (plain: number, streamed: number) => [
  ...Array.from({ length: plain }, (_, i) => promptCase({ id: `plain-${i}`, repeat: 10 })),
  ...Array.from({ length: streamed }, (_, i) => promptCase({ id: `stream-${i}`, repeat: 10, streamModes: [true] })),
];
const plan = (plain: number, streamed: number) => planDetection(cases(plain, streamed), undefined, thresholds, () => null);

describe('what the plan line says a run can detect', () => {
  it('counts the latency checks the gate will test: E2E per case and at run level, TTFT too when cases stream', () => {
    expect(plan(1, 0)?.families).toBe(1);
    expect(plan(6, 0)?.families).toBe(2);
    expect(plan(6, 1)?.families).toBe(3);
    expect(plan(1, 5)?.families).toBe(4);
  });

  it('gives the sizes a slowdown only one check sees is caught at: alpha ÷ (cases × checks) per case, alpha ÷ checks at run level', () => {
    const p = plan(3, 5);
    if (p === null || p.run === null) throw new Error('expected a run-level plan for 8 cases');
    const { alpha, p50 } = thresholds.latency;
    expect(p.families).toBe(4);
    expect(p.perCase.p50).toBe(minimumDetectable(p50Model({ nBaseline: 10, nCandidate: 10, sigma: ASSUMED_SPREAD, alpha, family: 8 * 4 }, p50)));
    expect(p.run.p50).toBe(minimumDetectable(runModel(8, 10, ASSUMED_SPREAD, alpha, p50, 4)));
    expect(p.run.p50).toBeGreaterThan(minimumDetectable(runModel(8, 10, ASSUMED_SPREAD, alpha, p50)));
    expect(formatDetection(p)).toContain("alpha shared by the gate's 4 latency checks: per case p50 ≥ +");
    expect(formatDetection(plan(1, 0) as NonNullable<ReturnType<typeof plan>>)).not.toContain('alpha shared');
  });
});
