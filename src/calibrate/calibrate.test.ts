/**
 * Fast, seeded versions of the calibration scenarios (npm run calibrate runs them at full size):
 * a handful of trials each, failing only when the observed rate is clearly on the wrong side of
 * the target (one-sided exact binomial test at 0.001), so a real regression of a check shows
 * here without the full run.
 */
import { describe, expect, it } from 'vitest';
import { binomialUpper } from '../score/distributions.ts';
import { allScenarios, runScenario, summaryRows } from './index.ts';

const FAST_TRIALS = 16;

describe('calibration scenarios (fast versions)', () => {
  // Rates without a target of their own (the distortions of the distribution check) have their small version in distribution.test.ts.
  for (const s of allScenarios().filter((x) => x.kind !== 'measured')) {
    it(`${s.id}: ${s.kind} ${s.kind === 'false-alarm' ? '≤' : '≥'} ${s.target * 100} %`, () => {
      const r = runScenario(s, FAST_TRIALS);
      const surprise =
        s.kind === 'false-alarm' ? binomialUpper(r.failures, r.trials, s.target) : binomialUpper(r.trials - r.failures, r.trials, 1 - s.target);
      expect(surprise, `${r.failures}/${r.trials} failed`).toBeGreaterThan(0.001);
    }, 120_000);
  }

  it('lists the distribution check\'s scenarios and judges their median power in a summary row', () => {
    const ids = allScenarios().map((s) => s.id);
    expect(ids).toContain('distribution/a/a');
    expect(ids.filter((id) => id.startsWith('distribution/')).length).toBeGreaterThan(2);
    const row = (id: string, rate: number) => ({ id, check: 'distribution (run)', description: '', kind: 'measured' as const, trials: 10, failures: rate * 10, rate, interval: [0, 1] as [number, number], target: 0, met: true, seed: 1 });
    const [summary] = summaryRows([row('distribution/x', 0.5), row('distribution/y', 1), row('distribution/z', 0.9)]);
    expect(summary).toMatchObject({ id: 'distribution/median-power', kind: 'power', rate: 0.9, target: 0.9, met: true });
    expect(summaryRows([])).toEqual([]);
  });
});

