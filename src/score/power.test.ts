import { describe, expect, it } from 'vitest';
import { mulberry32, normalVariate } from '../util/prng.ts';
import { binomialUpper } from './distributions.ts';
import { formatDetectable, logSpread, POWER_TARGET } from './power.ts';
import { detectableRate, judgeRates, rateCriterion } from './rates.ts';

describe('the spread "could have detected" is sized with', () => {
  it('is the SD of ln latency on average at every sample size (MAD with its small-sample factor), not ~9 % low at 10 samples', () => {
    const next = mulberry32(11);
    for (const n of [3, 5, 8, 10, 20]) {
      let sum = 0;
      const trials = 4000;
      for (let t = 0; t < trials; t++) sum += logSpread(Array.from({ length: n }, () => Math.exp(0.25 * normalVariate(next)))) as number;
      expect(sum / trials / 0.25, `n = ${n}`).toBeGreaterThan(0.97);
      expect(sum / trials / 0.25, `n = ${n}`).toBeLessThan(1.03);
    }
  });
});

describe('what an error-rate comparison could have detected', () => {
  it('is the candidate rate at which the failing count is reached with 80 % probability, exactly', () => {
    const baseline = { count: 0, of: 200 };
    const d = detectableRate(baseline, 200, 0.02, 0.05, 6);
    // The smallest failing count: Fisher p < 0.05 ÷ 6 and the interval reaching +2 points.
    const fails = (k: number) => {
      const c = rateCriterion('any', baseline, { count: k, of: 200 }, 0.02, 0.05);
      return c.pValue < 0.05 / 6 && c.upper >= 0.02;
    };
    const k = Array.from({ length: 201 }, (_, i) => i).find(fails) as number;
    expect(fails(k - 1)).toBe(false);
    expect(binomialUpper(k, 200, d)).toBeCloseTo(POWER_TARGET, 6);
    // More checks sharing alpha, a larger rate; alone, a smaller one.
    expect(detectableRate(baseline, 200, 0.02, 0.05, 24)).toBeGreaterThan(d);
    expect(detectableRate(baseline, 200, 0.02, 0.05, 1)).toBeLessThan(d);
  });

  it('is nothing when even every request failing could not be significant, and the pass says so', () => {
    expect(detectableRate({ count: 0, of: 2 }, 2, 0.02, 0.05)).toBe(Number.POSITIVE_INFINITY);
    const none = { ...rateCriterion('any', { count: 0, of: 2 }, { count: 0, of: 2 }, 0.02, 0.05), detectable: Number.POSITIVE_INFINITY };
    expect(judgeRates('Overall error rate', [none], 0.05).reason).toBe('Overall error rate: none on either gateway — could have detected no candidate rate (too few requests for any significant result).');
    const sized = { ...rateCriterion('any', { count: 0, of: 200 }, { count: 0, of: 200 }, 0.02, 0.05), detectable: 0.04503 };
    // Rounded up: never a smaller rate than the one sized.
    expect(judgeRates('Overall error rate', [sized], 0.05).reason).toBe('Overall error rate: none on either gateway — could have detected a candidate rate of ≥ 4.6 %.');
  });
});

describe('the printed detectable size', () => {
  it('is rounded up to a whole percent, and a size that is a whole percent stays it', () => {
    expect(formatDetectable(0.1)).toBe('+10 %'); // 0.1 × 100 is 10.000000000000002
    expect(formatDetectable(0.0943)).toBe('+10 %');
    expect(formatDetectable(0.1001)).toBe('+11 %');
    expect(formatDetectable(Number.POSITIVE_INFINITY)).toBe('nothing (too few samples for any significant result)');
  });
});
