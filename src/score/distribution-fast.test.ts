/**
 * The distribution check's fast paths give the very numbers of the plain computations they
 * replace (issue 19): the same Gram matrices, permutation values and p-values, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { aggregate, aggregateTest, permutationNull, permutationPValue } from './distribution-mmd.ts';
import { charsGram } from './distribution-kernels.ts';
import { mulberry32 } from '../util/prng.ts';

/** The cosine of character 5-gram counts, with the kernel's hash, one Map per text. */
function plainCharsGram(texts: readonly string[]): Float64Array {
  const vectors = texts.map((text) => {
    const lower = text.toLowerCase();
    const grams = Math.max(lower.length - 4, lower.length > 0 ? 1 : 0);
    const counts = new Map<number, number>();
    for (let i = 0; i < grams; i++) {
      let h = 0x811c9dc5;
      for (let c = i; c < Math.min(i + 5, lower.length); c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
      counts.set(h, (counts.get(h) ?? 0) + 1);
    }
    let sq = 0;
    for (const v of counts.values()) sq += v * v;
    return { counts, norm: Math.sqrt(sq) };
  });
  const n = texts.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = vectors[i] as (typeof vectors)[number];
      const b = vectors[j] as (typeof vectors)[number];
      let dot = 0;
      for (const [h, c] of a.counts) dot += c * (b.counts.get(h) ?? 0);
      out[i * n + j] = a.norm === 0 || b.norm === 0 ? (a.norm === b.norm ? 1 : 0) : dot / (a.norm * b.norm);
    }
  }
  return out;
}

function randomTexts(rng: () => number, count: number): string[] {
  const pieces = ['the ', 'cat ', 'sat', 'A', 'é', '😀', 'İ', ' ', 'on the mat. ', 'x'];
  return Array.from({ length: count }, () => {
    const len = rng() < 0.1 ? 0 : Math.floor(rng() * 60);
    let t = '';
    for (let i = 0; i < len; i++) t += pieces[Math.floor(rng() * pieces.length)];
    return t;
  });
}

describe('distribution check fast paths', () => {
  it('chars Gram matrix: the same values as one count map per text', () => {
    const rng = mulberry32(3);
    for (let trial = 0; trial < 50; trial++) {
      const texts = randomTexts(rng, 2 + Math.floor(rng() * 15));
      expect(Array.from(charsGram(texts))).toEqual(Array.from(plainCharsGram(texts)));
    }
  });

  it('two kernels in one pass: each kernel the same values as tested alone', () => {
    const rng = mulberry32(4);
    const input = { id: 'case-1', reference: randomTexts(rng, 8), candidate: randomTexts(rng, 6) };
    const both = permutationNull(input, { kernels: ['chars', 'length'], permutations: 199, seed: 9 });
    const chars = permutationNull(input, { kernels: ['chars'], permutations: 199, seed: 9 });
    const length = permutationNull(input, { kernels: ['length'], permutations: 199, seed: 9 });
    expect(Array.from(both.mmd[0] as Float64Array)).toEqual(Array.from(chars.mmd[0] as Float64Array));
    expect(Array.from(both.mmd[1] as Float64Array)).toEqual(Array.from(length.mmd[0] as Float64Array));
  });

  it('aggregateTest: the statistic and p-value of aggregate + permutationPValue, ties included', () => {
    const rng = mulberry32(5);
    for (let trial = 0; trial < 400; trial++) {
      const kernels = 1 + Math.floor(rng() * 3);
      const labellings = [2, 20, 252, 1000][trial % 4] as number;
      const levels = 1 + Math.floor(rng() * 8);
      const mmd = Array.from({ length: kernels }, (_, q) => Float64Array.from({ length: labellings }, () => (q % 2 === 0 ? rng() - 0.3 : Math.floor(rng() * levels) / levels)));
      if (trial % 3 === 0) (mmd[0] as Float64Array)[0] = 2;
      const stat = aggregate(mmd);
      expect(aggregateTest(mmd)).toEqual({ statistic: stat[0], pValue: permutationPValue(stat), labellings });
    }
  });
});
