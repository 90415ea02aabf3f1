import { describe, expect, it } from 'vitest';
import { armFor, bucketOf, BUCKETS, candidateBuckets, hash32 } from './hash.ts';
import { CanaryError } from './types.ts';

const keys = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

describe('canary routing', () => {
  it('sends 5 % of 100 000 keys to the candidate, within 0.3 points', () => {
    const share = keys.filter((k) => armFor(k, 5) === 'candidate').length / keys.length;
    expect(Math.abs(share * 100 - 5)).toBeLessThan(0.3);
  });

  it('keeps shares close at other percentages and for other key shapes', () => {
    const emails = Array.from({ length: 100_000 }, (_, i) => `${i}@example.com`);
    for (const percent of [0.5, 1, 25, 50, 90]) {
      for (const set of [keys, emails]) {
        const share = set.filter((k) => armFor(k, percent) === 'candidate').length / set.length;
        expect(Math.abs(share * 100 - percent)).toBeLessThan(0.5);
      }
    }
  });

  it('always sends the same key to the same arm', () => {
    const first = keys.map((k) => armFor(k, 5));
    const again = keys.map((k) => armFor(k, 5));
    expect(again).toEqual(first);
    // Pinned values: a change of hash would silently reshuffle every user in production.
    expect(hash32('user-42')).toBe(2083131798);
    expect([bucketOf(''), bucketOf('user-1'), bucketOf('ü')]).toEqual([6689, 4670, 7553]);
  });

  it('raising the percentage only moves keys from the baseline to the candidate', () => {
    const steps = [0, 1, 5, 5.01, 10, 50, 99.99, 100];
    let previous = keys.map((k) => armFor(k, 0));
    expect(previous.every((a) => a === 'baseline')).toBe(true);
    for (const p of steps.slice(1)) {
      const now = keys.map((k) => armFor(k, p));
      const movedBack = now.filter((arm, i) => previous[i] === 'candidate' && arm !== 'candidate').length;
      expect(movedBack).toBe(0);
      expect(now.filter((a) => a === 'candidate').length).toBeGreaterThanOrEqual(previous.filter((a) => a === 'candidate').length);
      previous = now;
    }
    expect(previous.every((a) => a === 'candidate')).toBe(true);
  });

  it('has 0.01-point resolution and refuses percentages outside 0–100', () => {
    expect(BUCKETS).toBe(10_000);
    expect(candidateBuckets(5.01)).toBe(501);
    expect(() => candidateBuckets(101)).toThrow(CanaryError);
    expect(() => candidateBuckets(-1)).toThrow(CanaryError);
    expect(() => candidateBuckets(Number.NaN)).toThrow(CanaryError);
  });
});
