import { describe, expect, it } from 'vitest';
import { fisherGreater, lnGamma } from './fisher.ts';

describe('fisherGreater', () => {
  it('matches hand-computed hypergeometric tails', () => {
    // 3/4 vs 1/4: (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70 (R: fisher.test(…, alternative = "greater")).
    expect(fisherGreater({ errors: 3, requests: 4 }, { errors: 1, requests: 4 })).toBeCloseTo(17 / 70, 10);
    // 4/4 vs 0/4: 1/70.
    expect(fisherGreater({ errors: 4, requests: 4 }, { errors: 0, requests: 4 })).toBeCloseTo(1 / 70, 10);
  });

  it('gives 1 when the candidate is not worse or nothing failed', () => {
    expect(fisherGreater({ errors: 0, requests: 100 }, { errors: 5, requests: 100 })).toBe(1);
    expect(fisherGreater({ errors: 0, requests: 100 }, { errors: 0, requests: 100 })).toBe(1);
    expect(fisherGreater({ errors: 1, requests: 1 }, { errors: 0, requests: 0 })).toBe(1);
  });

  it('is tiny for a clearly worse candidate at production counts and large for equal rates', () => {
    expect(fisherGreater({ errors: 800, requests: 10_000 }, { errors: 100, requests: 10_000 })).toBeLessThan(1e-50);
    const equal = fisherGreater({ errors: 100, requests: 10_000 }, { errors: 100, requests: 10_000 });
    expect(equal).toBeGreaterThan(0.4);
    expect(equal).toBeLessThan(0.6);
  });

  it('is monotone: more candidate errors, smaller p', () => {
    const ps = [5, 8, 12, 20].map((e) => fisherGreater({ errors: e, requests: 1000 }, { errors: 5, requests: 1000 }));
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeLessThan(ps[i - 1] as number);
  });

  it('lnGamma agrees with log factorials', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe('fisherGreater in the bulk of the distribution', () => {
  it('stays near 1 when the candidate has far fewer errors than the baseline', () => {
    expect(fisherGreater({ errors: 1, requests: 10_000 }, { errors: 5000, requests: 10_000 })).toBeCloseTo(1, 12);
  });

  it('agrees with an exact BigInt computation on both sides of the mean', () => {
    const choose = (n: number, k: number): bigint => {
      let r = 1n;
      for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
      return r;
    };
    const exact = (a: number, n1: number, b: number, n2: number): number => {
      const k = a + b;
      let num = 0n;
      for (let x = a; x <= Math.min(k, n1); x++) num += choose(k, x) * choose(n1 + n2 - k, n1 - x);
      return Number((num * 10n ** 15n) / choose(n1 + n2, n1)) / 1e15;
    };
    for (const [a, b] of [[3, 9], [6, 6], [7, 5], [12, 2], [1, 11]] as const) {
      expect(fisherGreater({ errors: a, requests: 30 }, { errors: b, requests: 25 })).toBeCloseTo(exact(a, 30, b, 25), 9);
    }
  });

  it('gives a p that is exactly alpha as alpha, so "p < alpha" does not hold by rounding luck', () => {
    // 3 of 3 failing vs 0 of 3: one table in C(6, 3) = 20.
    expect(fisherGreater({ errors: 3, requests: 3 }, { errors: 0, requests: 3 })).toBe(0.05);
    // 2 of 2 vs 0 of 4: one table in C(6, 2) = 15.
    expect(fisherGreater({ errors: 2, requests: 2 }, { errors: 0, requests: 4 })).toBe(Number((1 / 15).toPrecision(12)));
  });
});

