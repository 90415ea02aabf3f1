import { describe, expect, it } from 'vitest';
import { mulberry32, normalVariate } from '../util/prng.ts';
import { quantilePermutationP, quantileRatio, resampledQuantile } from './bootstrap.ts';
import { quantileSorted, sortedFinite } from './stats.ts';

/** Mean and SD of a resampled quantile, by the given draw. */
function moments(draw: () => number, times: number): [number, number] {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < times; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  return [s / times, Math.sqrt(s2 / times - (s / times) ** 2)];
}

describe('bootstrap of a quantile', () => {
  const next = mulberry32(5);
  const data = sortedFinite(Array.from({ length: 37 }, () => Math.exp(0.3 * normalVariate(next))));

  it('draws a resample\'s quantile exactly like building the resample (order-statistic and direct draws alike)', () => {
    for (const q of [0.5, 0.95]) {
      const naive = moments(() => {
        const r = new Float64Array(data.length);
        for (let j = 0; j < r.length; j++) r[j] = data[Math.floor(next() * data.length)] as number;
        return quantileSorted(r.sort(), q) as number;
      }, 20_000);
      const viaBeta = moments(() => resampledQuantile(data, q, { next }), 20_000);
      const counts = new Uint16Array(96);
      const direct = moments(() => resampledQuantile(data, q, { next }, counts), 20_000);
      for (const m of [viaBeta, direct]) {
        expect(Math.abs(m[0] - naive[0])).toBeLessThan(0.01);
        expect(Math.abs(m[1] - naive[1]) / naive[1]).toBeLessThan(0.05);
      }
    }
  });

  it('is reproducible: the same samples give the same interval and p-value', () => {
    const a = Array.from({ length: 40 }, (_, i) => 100 + i);
    const b = Array.from({ length: 40 }, (_, i) => 120 + i);
    expect(quantileRatio(a, b, 0.95, { alpha: 0.05 })).toEqual(quantileRatio(a, b, 0.95, { alpha: 0.05 }));
  });

  it('sees a slow tail: 8 % of calls 3× slower moves p95 by ~+80 % with an interval above 1', () => {
    const base = Array.from({ length: 300 }, () => 400 * Math.exp(0.25 * normalVariate(next)));
    const cand = Array.from({ length: 300 }, () => 400 * Math.exp(0.25 * normalVariate(next)) * (next() < 0.08 ? 3 : 1));
    const r = quantileRatio(base, cand, 0.95, { alpha: 0.05 });
    expect(r?.ratio).toBeGreaterThan(1.5);
    expect(r?.lower).toBeGreaterThan(1);
    expect(r?.pValue).toBeLessThan(0.01);
  });
});

describe('sequential quantile permutation test', () => {
  it('resolves a clear tail regression below the old fixed floor (1/2001), and stops early on identical arms', () => {
    const base = Array.from({ length: 80 }, (_, i) => 100 + (i % 20));
    const tail = base.map((x, i) => (i % 10 < 3 ? x * 5 : x));
    expect(quantilePermutationP(base, tail, 0.95)).toBeLessThan(1 / 2001);
    const same = quantilePermutationP(base, base, 0.95);
    expect(same).toBeGreaterThan(0.05);
    expect(quantilePermutationP(base, base, 0.95)).toBe(same);
  });
});
