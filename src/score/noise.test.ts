import { describe, expect, it } from 'vitest';
import { noiseFloor } from './noise.ts';

describe('noiseFloor', () => {
  it('is 1.0 for one repeat or identical repeats', () => {
    expect(noiseFloor(['only one'], 'text').floor0to1).toBe(1);
    expect(noiseFloor(['same text', 'same text', 'same text'], 'text')).toEqual({ floor0to1: 1, pairs: 3, bounded: false });
  });
  it('is the least similar pair of repeats', () => {
    const r = noiseFloor(['a b c d', 'a b c d', 'a b c e'], 'text');
    expect(r.floor0to1).toBeCloseTo(0.75, 10);
    expect(r.pairs).toBe(3);
  });
});

describe('noiseFloor is never an upper bound', () => {
  it('scores reorderings of one vocabulary exactly, not by their bag-of-words overlap (which is 1)', () => {
    const words = 'the gateway routes each request to a provider and returns its answer'.split(' ');
    const shuffled = [words.join(' '), [...words].reverse().join(' '), [...words.slice(6), ...words.slice(0, 6)].join(' ')];
    const r = noiseFloor(shuffled, 'text');
    expect(r.floor0to1).toBeLessThan(0.6);
    expect(r.bounded).toBe(false);
  });
});
