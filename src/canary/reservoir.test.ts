import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { mergeSamples, offer, type Sample } from './reservoir.ts';

function sampleOf(values: number[], cap: number, seed: number): Sample {
  const s: Sample = { values: [], population: 0 };
  const random = mulberry32(seed);
  for (const v of values) offer(s, v, cap, random);
  return s;
}

describe('latency samples', () => {
  it('joins two complete samples that fit', () => {
    expect(mergeSamples({ values: [1, 2], population: 2 }, { values: [3], population: 1 }, 10, Math.random)).toEqual({ values: [1, 2, 3], population: 3 });
  });

  it('weights each side by the calls it stands for, not by the size of its sample', () => {
    // Process A saw 90 000 calls of ~100 ms, process B 10 000 of ~900 ms; each kept 1 000.
    const a = sampleOf(Array.from({ length: 90_000 }, () => 100), 1000, 1);
    const b = sampleOf(Array.from({ length: 10_000 }, () => 900), 1000, 2);
    const merged = mergeSamples(a, b, 1000, mulberry32(3));
    expect(merged.population).toBe(100_000);
    expect(merged.values).toHaveLength(1000);
    expect(merged.values.filter((v) => v === 900)).toHaveLength(100);
    // A plain join would have put B at half the sample and moved the median to 500 ms.
  });

  it('never holds more than the cap, and stays uniform when one side is much smaller', () => {
    const a = sampleOf(Array.from({ length: 50_000 }, (_, i) => i), 2000, 4);
    const b = { values: [7, 8, 9], population: 3 };
    const merged = mergeSamples(a, b, 2000, mulberry32(5));
    expect(merged.values.length).toBeLessThanOrEqual(2000);
    expect(merged.population).toBe(50_003);
    const mean = merged.values.reduce((x, y) => x + y, 0) / merged.values.length;
    expect(Math.abs(mean - 25_000)).toBeLessThan(1500);
  });
});
