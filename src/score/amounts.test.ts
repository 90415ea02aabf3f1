import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { gateRun } from '../gate/gate.ts';
import { applyDecision } from '../gate/digest.ts';
import { findCheck, type CaseResult } from '../gate/types.ts';
import { scoreCase } from './case.ts';
import { mulberry32 } from './prng.test-util.ts';
import { arm, promptCase } from './test-samples.test-util.ts';
import { amountCriterion, meanRatioInterval } from './amounts.ts';

const thresholds = ThresholdsSchema.parse({});

/** A case whose requests used these completion token counts (prompt 20), priced per token. */
function caseWith(id: string, baseline: readonly number[], candidate: readonly number[]): CaseResult {
  const side = (role: 'baseline' | 'candidate', counts: readonly number[]) =>
    arm(role, counts.map(() => 100)).map((s, i) => ({
      ...s,
      usage: { promptTokens: 20, completionTokens: counts[i] as number, cachedTokens: 0, source: 'reported' as const },
      cost: { source: 'configured' as const, nanos: (20 + (counts[i] as number)) * 1000 },
    }));
  return scoreCase({ case: promptCase({ id }), baseline: side('baseline', baseline), candidate: side('candidate', candidate), stored: null, status: 'compared', thresholds });
}

describe('tokens and cost: evidence, not a ratio of two means', () => {
  it('passes sampled answers whose lengths vary alike on both gateways, even when the means differ by more than the limit', () => {
    // Means 55 vs 38 completion tokens (+29 % in total): what 8 sampled answers of one model give by chance.
    const c = caseWith('sampled', [20, 30, 35, 40, 25, 45, 60, 50], [30, 75, 40, 95, 25, 60, 70, 45]);
    const tokens = findCheck(c.checks, 'tokens');
    expect(tokens?.metrics.ratio).toBeGreaterThan(1.25);
    expect(tokens?.verdict).toBe('pass');
    expect(tokens?.reason).toMatch(/^Token usage looks higher \(mean ×1\.\d\d \(95 % CI ×.* not significantly \(Mann-Whitney/);
    expect(findCheck(c.checks, 'cost')?.verdict).toBe('pass');
  });

  it('fails a deterministic answer that grew by 30 % at 8 repeats, per case and after the gate', () => {
    const c = caseWith('grew', Array.from({ length: 8 }, () => 60), Array.from({ length: 8 }, () => 84));
    const tokens = findCheck(c.checks, 'tokens');
    expect(tokens?.verdict).toBe('fail');
    expect(tokens?.reason).toMatch(/^Token usage up: mean ×1\.30 \(95 % CI ×1\.30 … ×1\.30, limit ×1\.25\), Mann-Whitney \(normal\) p = /);
    const same = Array.from({ length: 9 }, (_, i) => caseWith(`same${i}`, [60, 60, 60, 60, 60, 60, 60, 60], [60, 60, 60, 60, 60, 60, 60, 60]));
    const { run, decisions } = gateRun([c, ...same], { thresholds, strict: false });
    expect(findCheck(applyDecision(c, decisions[0]).checks, 'tokens')?.verdict).toBe('fail');
    expect(run.verdict).toBe('fail');
  });

  it('false-alarms at most alpha on A/A sampled lengths (seeded), per case', () => {
    const next = mulberry32(7);
    const draw = () => Array.from({ length: 8 }, () => Math.round(20 + 80 * next()));
    let fails = 0;
    for (let t = 0; t < 200; t++) if (findCheck(caseWith(`t${t}`, draw(), draw()).checks, 'tokens')?.verdict === 'fail') fails++;
    expect(fails / 200).toBeLessThanOrEqual(0.05);
  });

  it('gives a seeded, reproducible interval of the ratio of means', () => {
    const b = [10, 12, 14, 16];
    const c = [20, 24, 28, 32];
    expect(meanRatioInterval(b, c, 0.05)).toEqual(meanRatioInterval(b, c, 0.05));
    const crit = amountCriterion('tokens', b, c, 0.25, 0.05);
    expect(crit?.ratio).toBe(2);
    expect(crit?.lower).toBeLessThanOrEqual(2);
    expect(crit?.upper).toBeGreaterThanOrEqual(2);
    expect(amountCriterion('tokens', [], c, 0.25, 0.05)).toBeNull();
  });
});

describe('tokens and cost in the Holm families', () => {
  it('identical deterministic amounts are no hypothesis (Tarone): they cannot be significant', () => {
    const same = amountCriterion('tokens', [60, 60, 60], [60, 60, 60], 0.25, 0.05);
    expect(same?.minP).toBe(1);
    const varied = amountCriterion('tokens', [50, 55, 60, 65, 70, 75, 80, 85], [52, 57, 62, 67, 72, 77, 82, 87], 0.25, 0.05);
    expect(varied?.minP).toBeLessThan(0.05);
  });
});
