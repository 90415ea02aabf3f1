import { describe, expect, it } from 'vitest';
import { holmAdjust, normalUpperTail, quantile, summarise } from './stats.ts';
import { mannWhitneyExactUpper, mannWhitneyGreater, mannWhitneyMinP, signedRankGreater } from './rank-tests.ts';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentiles (R type 7)', () => {
  it('gives the documented values on 1..100', () => {
    const s = summarise(oneToHundred);
    expect(s.n).toBe(100);
    expect(s.p50).toBeCloseTo(50.5, 10);
    expect(s.p90).toBeCloseTo(90.1, 10);
    expect(s.p95).toBeCloseTo(95.05, 10);
    expect(s.p99).toBeCloseTo(99.01, 10);
    expect(s.mean).toBe(50.5);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
  });

  it('does not depend on input order and ignores non-finite values', () => {
    const shuffled = [...oneToHundred].reverse();
    expect(summarise([...shuffled, Number.NaN, Number.POSITIVE_INFINITY])).toEqual(summarise(oneToHundred));
  });

  it('handles tiny inputs', () => {
    expect(summarise([]).p50).toBeNull();
    expect(summarise([7]).p99).toBe(7);
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    expect(quantile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
  });
});

describe('Mann-Whitney U, candidate greater', () => {
  it('matches R wilcox.test(x, y, alternative = "greater") on the R documentation example', () => {
    // R: W = 35, p-value = 0.1272 (exact, Hollander & Wolfe permeability data)
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyGreater(y, x);
    expect(r.statistic).toBe(35);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.1272, 4);
  });

  it('exact distribution agrees with brute-force enumeration', () => {
    // Choose which 3 of 7 ranks belong to the candidate; U = rank sum − 6.
    const us: number[] = [];
    for (let a = 1; a <= 7; a++) for (let b = a + 1; b <= 7; b++) for (let c = b + 1; c <= 7; c++) us.push(a + b + c - 6);
    for (let u = 0; u <= 12; u++) {
      const brute = us.filter((v) => v >= u).length / us.length;
      expect(mannWhitneyExactUpper(u, 3, 4)).toBeCloseTo(brute, 12);
    }
  });

  it('uses the tie- and continuity-corrected normal approximation with ties (hand-computed)', () => {
    // U = 22.5; var = 25/12 · (11 − 36/90) = 22.0833; z = (22.5 − 12.5 − 0.5)/4.6993 = 2.0216
    const r = mannWhitneyGreater([1, 2, 3, 3, 4], [3, 4, 5, 5, 6]);
    expect(r.method).toBe('normal');
    expect(r.statistic).toBe(22.5);
    expect(r.pValue).toBeCloseTo(0.0216, 4);
  });

  it('is not significant when the candidate is faster', () => {
    expect(mannWhitneyGreater([5, 6, 7, 8, 9], [1, 2, 3, 4, 4.5]).pValue).toBeGreaterThan(0.9);
  });
});

describe('signed-rank test', () => {
  it('gives 1/2^n when every difference is positive (exact)', () => {
    const r = signedRankGreater([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(1 / 32, 12);
  });
  it('drops zero differences', () => {
    expect(signedRankGreater([0, 0, 0.1]).n).toBe(1);
  });
  it('with zeros present, uses the normal approximation as R does (wilcox.test / SciPy wilcoxon zero_method="wilcox", correction)', () => {
    // R: wilcox.test(c(0, 0, 0.1, 0.2, -0.05, 0.3), alternative = "greater") → V = 9, p = 0.1006213
    const r = signedRankGreater([0, 0, 0.1, 0.2, -0.05, 0.3]);
    expect(r.method).toBe('normal');
    expect(r.statistic).toBe(9);
    expect(r.pValue).toBeCloseTo(0.10062131047886197, 6);
  });
  it('knows the smallest p Mann-Whitney can give: 1/C(10,5) = 1/252 at 5 per arm', () => {
    expect(mannWhitneyMinP(5, 5)).toBeCloseTo(1 / 252, 12);
    expect(mannWhitneyGreater([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue).toBeCloseTo(mannWhitneyMinP(5, 5), 12);
  });
});

describe('normal tail and Holm', () => {
  it('normal upper tail matches tables', () => {
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
  });
  it('Holm adjusts step-down and keeps input order (R p.adjust(method = "holm"))', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 12));
  });
});
