import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { scoreCase } from '../score/case.ts';
import { detectableFor, type LatencyMetrics } from '../score/latency.ts';
import { minimumDetectable, runModel } from '../score/power.ts';
import { detectableRate } from '../score/rates.ts';
import { arm, errorSample, promptCase } from '../score/test-samples.test-util.ts';
import { adjustFamilies } from './families.ts';
import { gateRun } from './gate.ts';
import type { OverallLatencyMetrics } from './overall.ts';
import type { OverallRateMetrics } from './overall-errors.ts';

const thresholds = ThresholdsSchema.parse({});

describe('one false-alarm budget for the whole gate', () => {
  it('Holm-adjusts the families\' smallest p-values across the families (step-down, monotone)', () => {
    const a = adjustFamilies([
      { id: 'x', p: 0.01 },
      { id: 'y', p: 0.03 },
      { id: 'z', p: 0.2 },
    ]);
    expect(a.families).toBe(3);
    expect(a.byId.get('x')).toEqual({ multiplier: 3, adjusted: 0.03 });
    expect(a.byId.get('y')?.multiplier).toBe(2);
    expect(a.byId.get('y')?.adjusted).toBeCloseTo(0.06, 12);
    expect(a.byId.get('z')).toEqual({ multiplier: 1, adjusted: 0.2 });
  });

  it('a run-level comparison that is significant alone but not once the run\'s other families count passes, saying so', () => {
    // Errors 6/200 vs 0/200: Fisher p ≈ 0.015 alone; the latency families (cases slower, not by enough to matter) share the budget.
    const ms = Array.from({ length: 200 }, (_, i) => 100 + (i % 10));
    const slower = ms.map((x) => x * 1.05);
    const candidate = [...arm('candidate', slower.slice(0, 194)), ...Array.from({ length: 6 }, (_, i) => errorSample({ kind: 'server', status: 502 }, { role: 'candidate', repeat: 194 + i }))];
    const c = scoreCase({ case: promptCase(), baseline: arm('baseline', ms), candidate, stored: null, status: 'compared', thresholds });
    const errors = c.checks.find((k) => k.check === 'errors');
    const raw = (errors?.metrics as { criteria: Array<{ pValue: number }> }).criteria[0]?.pValue as number;
    expect(raw).toBeLessThan(0.05);
    const { run } = gateRun([c], { thresholds, strict: false });
    const overall = run.overall.find((o) => o.check === 'errors');
    const m = overall?.metrics as { families?: number; criteria: Array<{ pAdjusted?: number }> };
    expect(m.families).toBeGreaterThan(1);
    expect(m.criteria[0]?.pAdjusted).toBeGreaterThanOrEqual(raw);
  });

  it('"could have detected" is what a slowdown only that check sees would fail: tested at alpha ÷ (cases × the gate\'s families)', () => {
    // Eight cases, latency the same on both arms; one case's candidate also fails 6 requests of 40, so
    // the error families have something to test and the gate adjusts across several families.
    const ms = Array.from({ length: 40 }, (_, i) => 100 * Math.exp(0.25 * Math.sin(i * 1.7)));
    const cases = Array.from({ length: 8 }, (_, i) => {
      const errors = i === 0 ? Array.from({ length: 6 }, (_, j) => errorSample({ kind: 'server', status: 502 }, { role: 'candidate', repeat: 40 + j })) : [];
      return scoreCase({ case: promptCase({ id: `case-${i}`, repeat: 40 }), baseline: arm('baseline', ms), candidate: [...arm('candidate', ms), ...errors], stored: null, status: 'compared', thresholds });
    });
    const { run, decisions } = gateRun(cases, { thresholds, strict: false });
    const latency = decisions[1]?.checks.find((k) => k.check === 'latency');
    const m = (latency !== undefined && 'metrics' in latency ? latency.metrics : {}) as LatencyMetrics & { holmFamily: number; families?: number };
    const families = m.families ?? 1;
    expect(families).toBeGreaterThan(1);
    const p50 = m.criteria?.find((c) => c.quantile === 'p50');
    expect(p50).toBeDefined();
    const within = detectableFor(p50 as NonNullable<typeof p50>, m, m.holmFamily);
    const acrossGate = detectableFor(p50 as NonNullable<typeof p50>, m, m.holmFamily * families);
    expect(acrossGate).toBeGreaterThan(within);
    expect(p50?.detectable).toBe(acrossGate);
    expect(latency?.reason).toContain(`could have detected ≥ +${Math.ceil(acrossGate * 100)} % p50`);

    const overall = run.overall.find((o) => o.check === 'latency');
    const om = overall?.metrics as OverallLatencyMetrics;
    expect(om.families).toBe(families);
    const runAcross = minimumDetectable(runModel(om.cases, om.perCaseSamples as number, om.spread as number, om.alpha, om.p50Limit, families));
    expect(runAcross).toBeGreaterThan(minimumDetectable(runModel(om.cases, om.perCaseSamples as number, om.spread as number, om.alpha, om.p50Limit)));
    expect(om.criterion?.detectable).toBe(runAcross);
    expect(overall?.reason).toContain(`could have detected ≥ +${Math.ceil(runAcross * 100)} % p50`);
  });

  it('a passing run-level error comparison says what error rate it could have detected, with the error families it would add counted', () => {
    const ms = Array.from({ length: 40 }, (_, i) => 100 * Math.exp(0.25 * Math.sin(i * 1.7)));
    const cases = Array.from({ length: 8 }, (_, i) => scoreCase({ case: promptCase({ id: `case-${i}`, repeat: 40 }), baseline: arm('baseline', ms), candidate: arm('candidate', ms), stored: null, status: 'compared', thresholds }));
    const { run } = gateRun(cases, { thresholds, strict: false });
    const errors = run.overall.find((o) => o.check === 'errors');
    const latency = run.overall.find((o) => o.check === 'latency')?.metrics as OverallLatencyMetrics;
    const m = errors?.metrics as OverallRateMetrics;
    // Nothing errs, so no error family is tested now; an erring candidate would add 4 (errors and first attempts, per case and run level).
    const expected = detectableRate({ count: 0, of: 320 }, 320, thresholds.errorRate.increase, thresholds.latency.alpha, (latency.families ?? 1) + 4);
    expect(m.criteria[0]?.detectable).toBe(expected);
    expect(errors?.reason).toBe(`Overall error rate: none on either gateway — could have detected a candidate rate of ≥ ${(Math.ceil(expected * 1000) / 10).toFixed(1)} %.`);
  });
});
