import { describe, expect, it } from 'vitest';
import { aggregate, binomial, exactNull, permutationNull, permutationPValue, PooledNull, type StratumInput, type TestSpec } from './distribution-mmd.ts';
import { hammingGram } from './distribution-kernels.ts';

/**
 * Worked by hand, Hamming kernel with L = 2 (k = positions that agree / 2):
 *   reference X = ab, ab, ac      candidate Y = ab, cd, cd
 *   X pairs: k(ab,ab) = 1, k(ab,ac) = 1/2, k(ab,ac) = 1/2        → mean 2/3
 *   Y pairs: k(ab,cd) = 0, k(ab,cd) = 0,   k(cd,cd) = 1          → mean 1/3
 *   cross:   ab·(ab,cd,cd) = 1 + 0 + 0 twice, ac·(ab,cd,cd) = 1/2 → sum 5/2, mean 5/18
 *   MMD²_u = 2/3 + 1/3 − 2 · 5/18 = 4/9
 * Exact p: the C(6,3) = 20 ways to pick three of the six as "reference", by how many ab, ac, cd:
 *   (3,0,0) 1 way, MMD² 1      (0,1,2) 1 way, 1        ← at least 4/9
 *   (2,1,0) 3 ways, 4/9        (1,0,2) 3 ways, 4/9    ← at least 4/9 (the observed kind)
 *   (2,0,1) 6 ways, −7/18      (1,1,1) 6 ways, −7/18
 *   p = (1 + 1 + 3 + 3) / 20 = 0.4
 */
const tiny: StratumInput = { id: 'tiny', reference: ['ab', 'ab', 'ac'], candidate: ['ab', 'cd', 'cd'] };
const hamming2: TestSpec = { kernels: ['hamming'], hammingL: 2, permutations: 99, seed: 1 };

describe('MMD two-sample test', () => {
  it('computes the unbiased MMD² worked out by hand', () => {
    expect(permutationNull(tiny, hamming2).mmd[0]?.[0]).toBeCloseTo(4 / 9, 12);
    expect(hammingGram(['ab', 'ac'], 2)[1]).toBe(0.5);
  });

  it('is exact when every labelling is enumerated: 20 labellings, p = 8/20', () => {
    const exact = exactNull(tiny, hamming2, 1000);
    expect(exact?.exact).toBe(true);
    expect(exact?.mmd[0]?.length).toBe(binomial(6, 3));
    expect(permutationPValue(aggregate(exact?.mmd ?? []))).toBe(0.4);
    expect(exactNull(tiny, hamming2, 19)).toBeNull();
  });

  it('gives the same p-value for the same samples in any order, and another for another seed', () => {
    const a: StratumInput = { id: 'c1', reference: ['the cat sat', 'a cat sat', 'the cat ran', 'the dog sat', 'a cat ran'], candidate: ['the dog ran', 'a dog ran', 'the dog sat', 'a dog sat', 'the cat ran'] };
    const shuffled: StratumInput = { ...a, reference: [...a.reference].reverse(), candidate: [...a.candidate].reverse() };
    const spec: TestSpec = { kernels: ['chars', 'length'], permutations: 199, seed: 7 };
    const p = permutationPValue(aggregate(permutationNull(a, spec).mmd));
    expect(permutationPValue(aggregate(permutationNull(shuffled, spec).mmd))).toBe(p);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThanOrEqual(1);
    const ps = new Set([1, 2, 3, 4].map((seed) => permutationPValue(aggregate(permutationNull(a, { ...spec, seed }).mmd))));
    expect(ps.size).toBeGreaterThan(1);
  });

  it('finds a clear difference and none between identical arms', () => {
    const spec: TestSpec = { kernels: ['chars', 'length'], permutations: 199, seed: 1 };
    const same = ['alpha beta', 'gamma delta', 'alpha gamma', 'beta delta', 'alpha delta', 'beta gamma'];
    expect(permutationPValue(aggregate(permutationNull({ id: 's', reference: same, candidate: same }, spec).mmd))).toBeGreaterThan(0.5);
    const other = ['zzz yyy xxx www', 'qqq rrr sss', 'zzz qqq rrr', 'www xxx yyy', 'sss rrr qqq zzz', 'xxx www zzz'];
    expect(permutationPValue(aggregate(permutationNull({ id: 'd', reference: same, candidate: other }, spec).mmd))).toBeLessThanOrEqual(0.02);
  });

  it('pools strata: one stratum pooled is the stratum itself; strata only exchange within themselves', () => {
    const spec: TestSpec = { kernels: ['chars', 'length'], permutations: 99, seed: 3 };
    const s = permutationNull({ id: 'x', reference: ['a b c', 'a b d', 'a c d'], candidate: ['x y z', 'x y w', 'a b c'] }, spec);
    const pool = new PooledNull(2, 99);
    pool.add(s);
    expect(permutationPValue(aggregate(pool.mmd))).toBe(permutationPValue(aggregate(s.mmd.map((v) => v))));
    expect(pool.strata).toBe(1);
    expect(() => pool.add({ mmd: [new Float64Array(10)], m: 3, n: 3 })).toThrow(/differ/);
  });
});
