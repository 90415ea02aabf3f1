import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { scoreCase } from '../score/case.ts';
import { lognormalSamples, mulberry32 } from '../score/prng.test-util.ts';
import { arm, errorSample, promptCase } from '../score/test-samples.test-util.ts';
import { DEFINITIONS, gateRun, inconclusiveReason } from './gate.ts';
import { applyDecision } from './digest.ts';
import { findCheck, type CaseResult } from './types.ts';

const thresholds = ThresholdsSchema.parse({});

function caseWith(id: string, baseMs: number[], candMs: number[]): CaseResult {
  return scoreCase({ case: promptCase({ id }), baseline: arm('baseline', baseMs), candidate: arm('candidate', candMs), stored: null, status: 'compared', thresholds });
}

describe('gateRun', () => {
  it('passes a run of equal gateways', () => {
    const next = mulberry32(1);
    const cases = Array.from({ length: 6 }, (_, i) => caseWith(`c${i}`, lognormalSamples(next, 20, 300, 0.1), lognormalSamples(next, 20, 300, 0.1)));
    const v = gateRun(cases, { thresholds, strict: false }).run;
    expect(v.verdict).not.toBe('fail');
    expect(v.passes).toBe(true);
    expect(v.overall.find((o) => o.check === 'latency')?.metrics).toMatchObject({ cases: 6 });
  });

  it('Holm across cases turns a marginal single-case latency fail into a pass that names the gap as not significant', () => {
    // One case is slower with raw p just under 0.05; with 20 cases Holm multiplies it by 20.
    const base = [100, 101, 102, 103, 104, 105, 106, 107];
    const marginal = [101.5, 102.5, 103.5, 115, 116, 117, 118, 119]; // p50 +11.6 %, exact p = 0.0415
    const raw = caseWith('marginal', base, marginal);
    const rawLatency = findCheck(raw.checks, 'latency');
    expect(rawLatency?.verdict).toBe('fail');
    const rawP = rawLatency?.metrics.criteria?.[0]?.pValue as number;
    expect(rawP).toBeLessThan(0.05);
    const others = Array.from({ length: 19 }, (_, i) => caseWith(`same${i}`, base, base));
    const { run: v, decisions } = gateRun([raw, ...others], { thresholds, strict: false });
    const gated = applyDecision(raw, decisions[0]);
    const adjusted = findCheck(gated.checks, 'latency');
    // Holm over the 20 cases' latency family, then across the gate's other checks (gate/families.ts): never less.
    expect(adjusted?.metrics.holmFamily).toBe(20);
    expect(adjusted?.metrics.criteria?.[0]?.pAdjusted).toBeGreaterThanOrEqual(Math.min(1, rawP * 20));
    // Practical size without evidence: pass (the one rule), the gap named as not significant, with what it could detect.
    expect(adjusted?.verdict).toBe('pass');
    expect(adjusted?.reason).toMatch(/looks slower \(p50 \+\d+ %.*not significantly.*treated as noise — could have detected ≥ \+\d+ % p50/);
    expect(gated.verdict).toBe('pass');
    expect(v.verdict).toBe('pass');
    expect(v.passes).toBe(true);
    expect(gateRun([raw, ...others], { thresholds, strict: true }).run.passes).toBe(true);
  });

  it('fails on a clear slowdown across cases, per case and overall', () => {
    const next = mulberry32(2);
    const cases = Array.from({ length: 6 }, (_, i) => caseWith(`c${i}`, lognormalSamples(next, 20, 300, 0.1), lognormalSamples(next, 20, 450, 0.1)));
    const v = gateRun(cases, { thresholds, strict: false }).run;
    expect(v.verdict).toBe('fail');
    expect(v.passes).toBe(false);
    expect(v.failing.map((f) => f.caseId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(v.overall.find((o) => o.check === 'latency')?.verdict).toBe('fail');
  });

  it('fails the SLO when the candidate error rate is significantly above thresholds.errorRate.max, and the comparison with the baseline too', () => {
    const ms = Array.from({ length: 40 }, () => 100);
    const candidate = [...arm('candidate', ms.slice(0, 30)), ...Array.from({ length: 10 }, (_, i) => errorSample({ kind: 'timeout' }, { role: 'candidate', repeat: 30 + i }))];
    const c = scoreCase({ case: promptCase(), baseline: arm('baseline', ms), candidate, stored: null, status: 'compared', thresholds });
    const v = gateRun([c], { thresholds, strict: false }).run;
    const slo = v.overall.find((o) => o.check === 'slo');
    expect(slo?.verdict).toBe('fail');
    expect(slo?.reason).toMatch(/^Candidate above the error-rate SLO 5\.0 %: 25\.0 % \(10\/40.*; the baseline errs less \(0\.0 % \(0\/40/);
    expect(v.overall.find((o) => o.check === 'errors')?.verdict).toBe('fail');
  });

  it('blames neither side for failures both gateways share: the comparison passes, the SLO names both', () => {
    const ms = Array.from({ length: 40 }, () => 100);
    const withErrors = (role: 'baseline' | 'candidate') => [...arm(role, ms.slice(0, 36)), ...Array.from({ length: 4 }, (_, i) => errorSample({ kind: 'server', status: 502 }, { role, repeat: 36 + i }))];
    const c = scoreCase({ case: promptCase(), baseline: withErrors('baseline'), candidate: withErrors('candidate'), stored: null, status: 'compared', thresholds });
    expect(findCheck(c.checks, 'errors')?.verdict).toBe('pass');
    const v = gateRun([c], { thresholds, strict: false }).run;
    expect(v.overall.find((o) => o.check === 'errors')?.verdict).toBe('pass');
    const slo = v.overall.find((o) => o.check === 'slo');
    expect(slo?.verdict).not.toBe('fail');
    expect(slo?.reason).toMatch(/baseline is above it too/);
  });

  it('never counts a not-measured check: identical gateways without any cost source pass, even with --strict', () => {
    const next = mulberry32(3);
    const unknown = { cost: { source: 'unknown', nanos: null } } as const;
    const cases = Array.from({ length: 6 }, (_, i) => {
      const ms = lognormalSamples(next, 20, 300, 0.1);
      return scoreCase({ case: promptCase({ id: `c${i}` }), baseline: arm('baseline', ms, unknown), candidate: arm('candidate', ms, unknown), stored: null, status: 'compared', thresholds });
    });
    expect(cases.every((c) => findCheck(c.checks, 'cost')?.verdict === 'not-measured')).toBe(true);
    const { run } = gateRun(cases, { thresholds, strict: true });
    expect(run.verdict).toBe('pass');
    expect(run.counts.inconclusive).toBe(0);
    expect(run.passes).toBe(true);
    expect(run.overall.find((o) => o.check === 'cost')?.verdict).toBe('not-measured');
  });

  it('says which run-level check is inconclusive, never "0 case(s) inconclusive"', () => {
    expect(inconclusiveReason(0, false)).toBe('Run-level check(s) inconclusive: passes the gate (use --strict to fail on it).');
    expect(inconclusiveReason(2, true)).toBe('2 case(s) inconclusive: counted as a failure (--strict).');
  });

  it('defines every method it uses', () => {
    for (const key of ['percentiles', 'latency', 'mannWhitney', 'holm', 'overallLatency', 'similarity', 'noiseFloor', 'cost', 'contract', 'verdict', 'practicalRule', 'detectable', 'bootstrap', 'appLatency', 'firstAttempt', 'slo']) {
      expect(DEFINITIONS[key]).toBeTruthy();
    }
  });
});
