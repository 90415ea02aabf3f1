/**
 * Latency sketches: DDSketch (`@datadog/sketches-js`, the reference TypeScript implementation)
 * with its plain logarithmic mapping and an unbounded dense store, so merging two sketches is
 * exact — the same bins as one sketch fed every value — and every quantile is within the
 * relative accuracy of the true one. (A t-digest merges only approximately.) The JSON form is
 * the store's bins, read and written through the library's own store and mapping.
 */
import { DDSketch } from '@datadog/sketches-js';
import type { SketchJson, SketchSpec } from './format.ts';

/** 1 %: p95 = 800 ms is reported as 792–808 ms. About 350 bins span 1 ms to 1000 s. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
export const SKETCH_SPEC: SketchSpec = { kind: 'ddsketch', relativeAccuracy: SKETCH_RELATIVE_ACCURACY };

export type Sketch = DDSketch;

export function newSketch(): Sketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

export function sketchToJson(s: Sketch): SketchJson {
  const store = s.store;
  const counts: number[] = [];
  if (store.count > 0) for (let key = store.minKey; key <= store.maxKey; key++) counts.push(store.bins[key - store.offset] ?? 0);
  return {
    count: s.count,
    sum: s.sum,
    min: s.count > 0 ? s.min : null,
    max: s.count > 0 ? s.max : null,
    zeroCount: s.zeroCount,
    offset: store.count > 0 ? store.minKey : 0,
    counts,
  };
}

export function sketchFromJson(j: SketchJson): Sketch {
  const s = newSketch();
  j.counts.forEach((n, i) => {
    if (n > 0) s.store.add(j.offset + i, n);
  });
  s.zeroCount = j.zeroCount;
  s.count = j.count;
  s.sum = j.sum;
  s.min = j.min ?? Infinity;
  s.max = j.max ?? -Infinity;
  return s;
}

/** Whether the counts add up (a hand-edited or truncated file fails here, not in a chart). */
export function sketchProblem(j: SketchJson): string | null {
  const binned = j.counts.reduce((a, b) => a + b, 0) + j.zeroCount;
  return binned === j.count ? null : `bins hold ${binned} values but count is ${j.count}`;
}

/** A new sketch holding the values of all of `sketches` (none is changed). */
export function mergeSketches(sketches: Iterable<Sketch>): Sketch {
  const out = newSketch();
  for (const s of sketches) out.merge(s);
  return out;
}

/** The value at quantile q (0–1), within the relative accuracy; null for an empty sketch. */
export function sketchQuantile(s: Sketch, q: number): number | null {
  if (s.count === 0) return null;
  // The sketch's value for the top bin can exceed the largest value seen; never report more than was measured.
  return Math.min(Math.max(s.getValueAtQuantile(q), s.min), s.max);
}
