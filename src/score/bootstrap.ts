/**
 * Evidence about a quantile (p95, p99 — and the p50 interval): a seeded bootstrap of the ratio
 * candidate quantile ÷ baseline quantile. A location test (Mann-Whitney) cannot see a slow
 * tail; this looks at the quantile the practical criterion is about.
 *
 * Each arm is resampled independently (n draws with replacement, the percentile bootstrap). A
 * resample's quantile is drawn exactly without building the resample: its r-th order statistic
 * is sorted[⌊n·U(r)⌋] where U(r) ~ Beta(r, n − r + 1) is the r-th of n uniforms, and the next
 * one is U(r) + (1 − U(r))·(1 − V^(1/(n−r))). So a resample costs O(1), whatever n — the
 * 20,000-sample canary reservoirs included. Small arms (≤ 96) draw the resample directly (n
 * indices, counted), which is cheaper there; both are exact.
 *
 * Reproducible: a fixed seed (BOOTSTRAP_SEED) and resample count; the same samples always give
 * the same interval and p-value.
 */
import { betaVariate, Mulberry32, type Uniform } from '../util/prng.ts';
import { quantileSorted, sortedFinite } from './stats.ts';

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 0x5eed;

export interface QuantileRatio {
  q: number;
  /** Point estimate: candidate quantile ÷ baseline quantile (R-7 on each arm). */
  ratio: number;
  /** Two-sided (1 − alpha) percentile interval of the ratio. */
  lower: number;
  upper: number;
  /** One-sided bootstrap p for "candidate quantile larger": (1 + #{ratio* ≤ 1}) / (B + 1). */
  pValue: number;
  resamples: number;
}

/** Below this many samples a resample is drawn directly (n uniform indices, counted): cheaper than two Beta variates. */
const DIRECT_MAX_N = 96;

/**
 * The R-7 quantile of one resample drawn directly: n uniform indices, counted; `h` = (n − 1)·q and
 * `r` = ⌊h⌋ + 1 its 1-based order statistic. No allocation: it runs 4,000 times per interval.
 */
function directQuantile(sorted: Float64Array, h: number, r: number, rng: Uniform, counts: Uint16Array): number {
  const n = sorted.length;
  counts.fill(0, 0, n);
  for (let i = 0; i < n; i++) (counts[Math.floor(rng.next() * n)] as number)++;
  let seen = 0;
  let i = 0;
  while (seen + (counts[i] as number) < r) seen += counts[i++] as number;
  const x1 = sorted[i] as number;
  // The next order statistic is the same value: x1 + frac·0.
  if (seen + (counts[i] as number) >= r + 1 || r >= n) return x1;
  i++;
  while ((counts[i] as number) === 0) i++;
  return x1 + (h - (r - 1)) * ((sorted[i] as number) - x1);
}

/** The R-7 quantile of one bootstrap resample of `sorted` (ascending, n ≥ 1). */
export function resampledQuantile(sorted: Float64Array, q: number, rng: Uniform, counts?: Uint16Array): number {
  const n = sorted.length;
  const h = (n - 1) * q;
  const r = Math.floor(h) + 1; // 1-based order statistic
  if (counts !== undefined && n <= DIRECT_MAX_N) return directQuantile(sorted, h, r, rng, counts);
  const frac = h - (r - 1);
  const at = (u: number): number => sorted[Math.min(n - 1, Math.floor(n * u))] as number;
  const next = () => rng.next();
  const u1 = betaVariate(next, r, n - r + 1);
  const x1 = at(u1);
  if (frac === 0 || r >= n) return x1;
  const u2 = u1 + (1 - u1) * (1 - (1 - next()) ** (1 / (n - r)));
  return x1 + frac * (at(u2) - x1);
}

/**
 * The R-7 quantile q of `values` (n ≥ 1, no NaN), equal to quantileSorted on the sorted values,
 * by selection (O(n), reorders `values`): two per interval instead of sorting 2,000 resamples.
 */
export function selectQuantile(values: Float64Array, q: number): number {
  const n = values.length;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const k = Math.floor(h);
  const low = select(values, k);
  if (k + 1 >= n || h === k) return low;
  // Everything after position k is ≥ the k-th smallest: the next order statistic is their minimum.
  let high = Infinity;
  for (let i = k + 1; i < n; i++) if ((values[i] as number) < high) high = values[i] as number;
  return low + (h - k) * (high - low);
}

/** Hoare's selection: puts the k-th smallest (0-based) at index k, smaller before, larger after; returns it. */
export function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k] as number;
}

export interface BootstrapOptions {
  alpha: number;
  resamples?: number;
  seed?: number;
}

/** null when either arm has no finite positive sample. */
export function quantileRatio(baseline: ArrayLike<number>, candidate: ArrayLike<number>, q: number, o: BootstrapOptions): QuantileRatio | null {
  const base = sortedFinite(baseline);
  const cand = sortedFinite(candidate);
  const qb = quantileSorted(base, q);
  const qc = quantileSorted(cand, q);
  if (qb === null || qc === null || qb <= 0 || qc <= 0) return null;
  const resamples = o.resamples ?? BOOTSTRAP_RESAMPLES;
  // One stream per quantile and arm sizes: the same data always give the same answer.
  const rng = new Mulberry32((o.seed ?? BOOTSTRAP_SEED) ^ Math.round(q * 1e4) ^ (base.length * 65_537) ^ (cand.length * 257));
  const logs = new Float64Array(resamples);
  let atOrBelow = 0;
  const counts = new Uint16Array(DIRECT_MAX_N);
  for (let i = 0; i < resamples; i++) {
    const b = resampledQuantile(base, q, rng, counts);
    const c = resampledQuantile(cand, q, rng, counts);
    const l = b > 0 && c > 0 ? Math.log(c / b) : 0;
    logs[i] = l;
    if (l <= 0) atOrBelow++;
  }
  const lo = selectQuantile(logs, o.alpha / 2);
  const hi = selectQuantile(logs, 1 - o.alpha / 2);
  return { q, ratio: qc / qb, lower: Math.exp(lo), upper: Math.exp(hi), pValue: (1 + atOrBelow) / (resamples + 1), resamples };
}

/** Most permutations a quantile test runs (its smallest p is 1 ÷ (PERMUTATIONS + 1)). */
export const PERMUTATIONS = 20_000;
/** A quantile test stops once this many permutations were at least as extreme (Besag & Clifford 1991). */
export const PERMUTATION_STOP_EXTREMES = 10;

/**
 * Evidence that the candidate's quantile q is larger: a permutation test of
 * T = ln(candidate quantile ÷ baseline quantile), exact under "both arms share one distribution"
 * at any sample size (the percentile bootstrap's p is too small in the far tail at 20–30 samples,
 * which Holm over many cases reaches). Sequential (Besag & Clifford 1991): it stops after h =
 * PERMUTATION_STOP_EXTREMES permutations at least as extreme, with p = h ÷ l (l permutations
 * drawn), else runs all PERMUTATIONS with p = (1 + #{T* ≥ T}) ÷ (PERMUTATIONS + 1) — a valid p
 * either way. So an unremarkable quantile costs a few dozen permutations, and a real tail
 * regression gets a p small enough to survive Holm over a whole suite and the gate's checks
 * (a fixed 2,000 could not go below 0.0005, which ×56 criteria ×4 checks is over alpha). Each permutation
 * picks the candidate's positions in the pooled sorted sample (partial Fisher–Yates) and reads
 * both quantiles in one O(n) pass: no sorting per permutation.
 */
export function quantilePermutationP(baseline: ArrayLike<number>, candidate: ArrayLike<number>, q: number, o: { permutations?: number; seed?: number; stopAfterExtremes?: number } = {}): number {
  const base = sortedFinite(baseline);
  const cand = sortedFinite(candidate);
  const nb = base.length;
  const nc = cand.length;
  const qb = quantileSorted(base, q);
  const qc = quantileSorted(cand, q);
  if (qb === null || qc === null || qb <= 0 || qc <= 0) return 1;
  const observed = Math.log(qc / qb);
  const pooled = sortedFinite([...base, ...cand]);
  const total = pooled.length;
  const permutations = o.permutations ?? PERMUTATIONS;
  const rng = new Mulberry32((o.seed ?? BOOTSTRAP_SEED) ^ 0x9e37 ^ Math.round(q * 1e4) ^ (nb * 65_537) ^ (nc * 257));
  const order = Int32Array.from({ length: total }, (_, i) => i);
  const isCand = new Uint8Array(total);
  // R-7 positions (0-based) of q in an arm of size n, and the interpolation weight.
  const at = (n: number): [number, number] => {
    const h = (n - 1) * q;
    return [Math.floor(h), h - Math.floor(h)];
  };
  const [kc, fc] = at(nc);
  const [kb, fb] = at(nb);
  let extreme = 0;
  const stopAt = o.stopAfterExtremes ?? PERMUTATION_STOP_EXTREMES;
  for (let p = 0; p < permutations; p++) {
    isCand.fill(0);
    for (let i = 0; i < nc; i++) {
      const j = i + Math.floor(rng.next() * (total - i));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
      isCand[order[i] as number] = 1;
    }
    let ic = 0;
    let ib = 0;
    let c0 = 0;
    let c1 = 0;
    let b0 = 0;
    let b1 = 0;
    for (let i = 0; i < total; i++) {
      const v = pooled[i] as number;
      if (isCand[i] === 1) {
        if (ic === kc) c0 = v;
        if (ic === kc + 1) c1 = v;
        ic++;
      } else {
        if (ib === kb) b0 = v;
        if (ib === kb + 1) b1 = v;
        ib++;
      }
    }
    const qcs = fc > 0 ? c0 + fc * (c1 - c0) : c0;
    const qbs = fb > 0 ? b0 + fb * (b1 - b0) : b0;
    if (qcs > 0 && qbs > 0 && Math.log(qcs / qbs) >= observed - 1e-12 && ++extreme >= stopAt) return extreme / (p + 1);
  }
  return (1 + extreme) / (permutations + 1);
}
