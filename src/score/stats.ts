/**
 * Descriptive statistics and small numeric helpers shared by the checks and the gate.
 * One percentile method for the whole product, named in PERCENTILE_METHOD for reports.
 */
import type { Percentiles } from '../gate/types.ts';

export const PERCENTILE_METHOD =
  'Linear interpolation between closest ranks (R type 7, Excel PERCENTILE.INC, NumPy "linear"): ' +
  'for sorted values x[0..n-1] and quantile q, h = (n-1)·q and the result is x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1]-x[⌊h⌋]). ' +
  'Non-finite values are dropped first. For 1..100 this gives p50 = 50.5, p90 = 90.1, p95 = 95.05, p99 = 99.01.';

/** Quantile q (0..1) of an ascending Float64Array by R-7; null when empty. */
export function quantileSorted(sorted: Float64Array, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const loValue = sorted[lo] as number;
  if (lo + 1 >= n) return loValue;
  const hiValue = sorted[lo + 1] as number;
  return loValue + (h - lo) * (hiValue - loValue);
}

/** Finite values copied into an ascending Float64Array (typed-array sort is numeric and fast). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}

/** Quantile of unsorted values (one sort). */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  return quantileSorted(sortedFinite(values), q);
}

export function median(values: ArrayLike<number>): number | null {
  return quantile(values, 0.5);
}

/** n, p50/p90/p95/p99, mean, min, max with one O(n log n) sort. */
export function summarise(values: ArrayLike<number>): Percentiles {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  if (n === 0) return { n: 0, p50: null, p90: null, p95: null, p99: null, mean: null, min: null, max: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  return {
    n,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    mean: sum / n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
}

/**
 * Complementary error function, Chebyshev fit (Numerical Recipes `erfcc`): fractional error
 * below 1.2e-7 everywhere, which is far finer than any p-value we print or gate on.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal upper tail P(Z ≥ z). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Holm–Bonferroni step-down adjusted p-values, returned in input order. Controls the
 * family-wise error rate at alpha when each adjusted p is compared with alpha.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
