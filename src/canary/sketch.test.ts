import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { SketchSchema } from './format.ts';
import { mergeSketches, newSketch, sketchFromJson, SKETCH_RELATIVE_ACCURACY, sketchProblem, sketchQuantile, sketchToJson } from './sketch.ts';

function logNormal(n: number, seed: number, medianMs: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => medianMs * Math.exp(0.6 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())));
}

/** The value a DDSketch approximates: the one at rank floor(q·(n−1)). */
const exact = (sorted: readonly number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;

describe('latency sketch', () => {
  it('reads every quantile back within the stated relative accuracy', () => {
    const values = logNormal(20_000, 3, 450);
    const s = newSketch();
    values.forEach((v) => s.accept(v));
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const got = sketchQuantile(s, q) ?? NaN;
      expect(Math.abs(got - exact(sorted, q)) / exact(sorted, q), `q=${q}`).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
  });

  it('round-trips through JSON without changing any quantile', () => {
    const s = newSketch();
    [0, 0, 3.5, 12, 12.1, 400, 9000].forEach((v) => s.accept(v));
    const json = JSON.parse(JSON.stringify(sketchToJson(s)));
    expect(SketchSchema.parse(json)).toEqual(json);
    expect(sketchProblem(json)).toBeNull();
    const back = sketchFromJson(json);
    for (const q of [0, 0.2, 0.5, 0.8, 1]) expect(sketchQuantile(back, q)).toBe(sketchQuantile(s, q));
    expect([back.count, back.zeroCount, back.min, back.max]).toEqual([7, 2, 0, 9000]);
  });

  it('merges exactly: two halves give the same bins and quantiles as one sketch of all', () => {
    const values = logNormal(5_000, 9, 300);
    const whole = newSketch();
    const a = newSketch();
    const b = newSketch();
    values.forEach((v, i) => {
      whole.accept(v);
      (i % 3 ? a : b).accept(v);
    });
    const merged = mergeSketches([sketchFromJson(sketchToJson(a)), sketchFromJson(sketchToJson(b))]);
    expect(sketchToJson(merged).counts).toEqual(sketchToJson(whole).counts);
    for (const q of [0.5, 0.95, 0.99]) expect(sketchQuantile(merged, q)).toBe(sketchQuantile(whole, q));
  });

  it('says so when the bins do not add up, and is empty without values', () => {
    expect(sketchProblem({ count: 3, sum: 1, min: 1, max: 1, zeroCount: 0, offset: 0, counts: [1] })).toMatch(/bins hold 1 values but count is 3/);
    expect(sketchQuantile(newSketch(), 0.5)).toBeNull();
    expect(sketchToJson(newSketch())).toEqual({ count: 0, sum: 0, min: null, max: null, zeroCount: 0, offset: 0, counts: [] });
  });
});
