/**
 * Fast, seeded versions of the calibration scenarios (npm run calibrate runs them at full size):
 * a handful of trials each, failing only when the observed rate is clearly on the wrong side of
 * the target (one-sided exact binomial test at 0.001), so a real regression of a check shows
 * here without the full run.
 */
import { describe, expect, it } from 'vitest';
import { binomialUpper } from '../score/distributions.ts';
import { allScenarios, runScenario } from './index.ts';

const FAST_TRIALS = 16;

describe('calibration scenarios (fast versions)', () => {
  for (const s of allScenarios()) {
    it(`${s.id}: ${s.kind} ${s.kind === 'false-alarm' ? '≤' : '≥'} ${s.target * 100} %`, () => {
      const r = runScenario(s, FAST_TRIALS);
      const surprise =
        s.kind === 'false-alarm' ? binomialUpper(r.failures, r.trials, s.target) : binomialUpper(r.trials - r.failures, r.trials, 1 - s.target);
      expect(surprise, `${r.failures}/${r.trials} failed`).toBeGreaterThan(0.001);
    }, 120_000);
  }
});
