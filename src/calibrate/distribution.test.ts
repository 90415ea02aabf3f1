import { describe, expect, it } from 'vitest';
import { calibrateDistribution, calibrateScenario, distributionTable, DISTRIBUTION_SCENARIOS, type CalibrationOptions } from './distribution.ts';

/** A small, seeded version of the calibration (the full one: 200 trials × 25 prompts; docs/DISTRIBUTION.md). */
const small: CalibrationOptions = { trials: 12, prompts: 6, samplesPerArm: 10, permutations: 99, alpha: 0.05, seed: 16 };
const scenario = (name: string) => {
  const s = DISTRIBUTION_SCENARIOS.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no scenario ${name}`);
  return s;
};

describe('distribution calibration (small, seeded)', () => {
  it('A/A: both tests rarely reject when both arms are the reference model', () => {
    const r = calibrateScenario(scenario('a/a'), small);
    expect(r.kind).toBe('false-alarm');
    expect(r.cutover.pooled).toBeLessThanOrEqual(1 / 12);
    expect(r.cutover.perCase).toBeLessThanOrEqual(0.1);
  });

  it('detects an injected system prompt and another model better than chance, and is reproducible', () => {
    const sys = calibrateScenario(scenario('system-prompt'), small);
    expect(sys.cutover.pooled).toBe(1);
    const other = calibrateScenario(scenario('other-model'), small);
    // Six prompts are far fewer than the 25 of the calibration: more often than the A/A bound, not always.
    expect(other.cutover.pooled).toBeGreaterThan(1 / 12);
    expect(calibrateScenario(scenario('other-model'), small)).toEqual(other);
  });

  it('summarises the median power beside the MMD-Hamming baseline in one table', () => {
    const c = calibrateDistribution({ ...small, trials: 3, scenarios: [scenario('a/a'), scenario('system-prompt'), scenario('max-tokens-ignored')] });
    expect(c.results.map((r) => r.scenario)).toEqual(['a/a', 'system-prompt', 'max-tokens-ignored']);
    expect(c.medianPower.cutover).toBe(1);
    const table = distributionTable(c);
    expect(table).toMatch(/\| \*\*median power\*\* \| over the 2 distortions \| target ≥ 90 % \| \*\*100\.0 %\*\* \|/);
    expect(table).toContain('MMD-Hamming pooled');
  });
});
