/**
 * The two-sample test behind the `distribution` check: the unbiased squared Maximum Mean
 * Discrepancy (Gretton et al. 2012) between a reference arm's and the candidate's completions
 * of the same prompt, with a p-value by permutation. Pooled over prompts it is the sum of the
 * prompts' statistics, and permutations exchange samples only within a prompt (stratified), as
 * in Gao, Liang & Guestrin, "Model Equality Testing" (ICLR 2025).
 *
 * With several kernels each kernel's MMD² is judged against its own permutation distribution and
 * the smallest of those tail shares is the statistic; the same permutations calibrate it, so the
 * test keeps its level (min-p aggregation, in the spirit of Schrab et al.'s MMDAgg).
 *
 * Everything is seeded: a stratum's permutations come from a generator seeded by the test seed
 * and the stratum id, so the same samples give the same p-value, in any process, and the
 * permutations of a stratum are the same whether it is tested alone or pooled.
 */
import { gram, type KernelName, type KernelOptions } from './distribution-kernels.ts';
import { hash32, mulberry32, type Rng } from '../util/prng.ts';
import { select } from './bootstrap.ts';

export interface TestSpec extends KernelOptions {
  /** One kernel: plain MMD. Several: the largest standardised MMD. */
  kernels: readonly KernelName[];
  /** Random permutations (B); the p-value's resolution is 1 / (B + 1). */
  permutations: number;
  seed: number;
  /** Enumerate every labelling instead when there are at most this many (an exact p-value). */
  exactLimit?: number;
}

export interface StratumInput {
  /** Stable id of the prompt (the case id): seeds the stratum's permutations. */
  id: string;
  reference: readonly string[];
  candidate: readonly string[];
}

/**
 * One prompt's unbiased MMD² per kernel: index 0 under the observed labelling, then one value
 * per permutation. Additive across prompts, index by index.
 */
export interface StratumNull {
  id: string;
  m: number;
  n: number;
  /** [kernel][labelling]: MMD² values, labelling 0 = observed. */
  mmd: Float64Array[];
  /** True when every labelling was enumerated (then mmd has C(m+n, m) entries per kernel). */
  exact: boolean;
}

/** Canonical order within an arm, so the p-value depends on the samples, not on their arrival order. */
function sorted(texts: readonly string[]): string[] {
  return [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * Unbiased MMD² of a labelling from a Gram matrix: mean k over distinct reference pairs + mean
 * over distinct candidate pairs − 2 × mean over cross pairs. `inX[i]` is 1 for reference.
 */
export function mmdUnbiased(k: Float64Array, size: number, inX: Uint8Array, m: number, n: number): number {
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < size; i++) {
    const xi = inX[i] as number;
    const row = i * size;
    for (let j = i + 1; j < size; j++) {
      const v = k[row + j] as number;
      if (xi !== (inX[j] as number)) sxy += v;
      else if (xi === 1) sxx += v;
      else syy += v;
    }
  }
  // Unordered pairs: each distinct pair once, so the means divide by m(m−1)/2 and n(n−1)/2.
  return (2 * sxx) / (m * (m - 1)) + (2 * syy) / (n * (n - 1)) - (2 * sxy) / (m * n);
}

/** Random labellings: a partial Fisher–Yates shuffle puts a uniform m-subset first; those are the reference. */
function shufflePrefix(rng: Rng, order: Int32Array, m: number): void {
  const size = order.length;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (size - i));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
}

/** Every m-subset of size items, in lexicographic order (the first is {0..m−1}: the observed labelling). */
function* subsets(size: number, m: number): Generator<Uint8Array> {
  const idx = Array.from({ length: m }, (_, i) => i);
  const inX = new Uint8Array(size);
  for (;;) {
    inX.fill(0);
    for (const i of idx) inX[i] = 1;
    yield inX;
    let p = m - 1;
    while (p >= 0 && (idx[p] as number) === size - m + p) p--;
    if (p < 0) return;
    idx[p] = (idx[p] as number) + 1;
    for (let q = p + 1; q < m; q++) idx[q] = (idx[q - 1] as number) + 1;
  }
}

/** The stratum's Gram matrices, reference samples first. */
function grams(input: StratumInput, spec: TestSpec): { k: Float64Array[]; m: number; n: number } {
  const texts = [...sorted(input.reference), ...sorted(input.candidate)];
  return { k: spec.kernels.map((name) => gram(name, texts, spec)), m: input.reference.length, n: input.candidate.length };
}

/** Sum over distinct pairs within `members` (the first `count` entries) of a Gram matrix. */
function withinSum(k: Float64Array, size: number, members: Int32Array, from: number, to: number): number {
  let s = 0;
  for (let a = from; a < to; a++) {
    const row = (members[a] as number) * size;
    for (let c = a + 1; c < to; c++) s += k[row + (members[c] as number)] as number;
  }
  return s;
}

/** withinSum over two Gram matrices in one pass (each sum in the same order as withinSum's). */
function withinSums2(k0: Float64Array, k1: Float64Array, size: number, members: Int32Array, from: number, to: number, out: Float64Array, at: number): void {
  let s0 = 0;
  let s1 = 0;
  for (let a = from; a < to; a++) {
    const row = (members[a] as number) * size;
    for (let c = a + 1; c < to; c++) {
      const i = row + (members[c] as number);
      s0 += k0[i] as number;
      s1 += k1[i] as number;
    }
  }
  out[at] = s0;
  out[at + 1] = s1;
}

/**
 * Seeded random permutations of one stratum (needs ≥ 2 samples per arm). The sum over all
 * distinct pairs is fixed, so a labelling needs only its two within-arm sums: the cross sum is
 * what remains. Same values as mmdUnbiased, in about half the work.
 */
export function permutationNull(input: StratumInput, spec: TestSpec): StratumNull {
  const { k, m, n } = grams(input, spec);
  const size = m + n;
  const count = spec.permutations + 1;
  const mmd = k.map(() => new Float64Array(count));
  const totals = k.map((g) => {
    let s = 0;
    for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) s += g[i * size + j] as number;
    return s;
  });
  const rng = mulberry32(hash32(`${spec.seed}\u0001${input.id}`));
  // order[0..m) is the reference arm of the labelling, order[m..size) the candidate arm.
  const order = Int32Array.from({ length: size }, (_, i) => i);
  const cx = 2 / (m * (m - 1));
  const cy = 2 / (n * (n - 1));
  const cxy = 2 / (m * n);
  if (k.length === 2) {
    // The usual case (TEST_KERNELS): both kernels' sums in one pass over the labelling's pairs.
    const [k0, k1] = k as [Float64Array, Float64Array];
    const [v0, v1] = mmd as [Float64Array, Float64Array];
    const [t0, t1] = totals as [number, number];
    const sums = new Float64Array(4);
    for (let b = 0; b < count; b++) {
      if (b > 0) shufflePrefix(rng, order, m);
      withinSums2(k0, k1, size, order, 0, m, sums, 0);
      withinSums2(k0, k1, size, order, m, size, sums, 2);
      const sxx0 = sums[0] as number;
      const sxx1 = sums[1] as number;
      const syy0 = sums[2] as number;
      const syy1 = sums[3] as number;
      v0[b] = cx * sxx0 + cy * syy0 - cxy * (t0 - sxx0 - syy0);
      v1[b] = cx * sxx1 + cy * syy1 - cxy * (t1 - sxx1 - syy1);
    }
    return { id: input.id, m, n, mmd, exact: false };
  }
  for (let b = 0; b < count; b++) {
    if (b > 0) shufflePrefix(rng, order, m);
    for (let q = 0; q < k.length; q++) {
      const g = k[q] as Float64Array;
      const sxx = withinSum(g, size, order, 0, m);
      const syy = withinSum(g, size, order, m, size);
      (mmd[q] as Float64Array)[b] = cx * sxx + cy * syy - cxy * ((totals[q] as number) - sxx - syy);
    }
  }
  return { id: input.id, m, n, mmd, exact: false };
}

/** Every labelling of one stratum; null when there are more than `limit`. */
export function exactNull(input: StratumInput, spec: TestSpec, limit: number): StratumNull | null {
  const m = input.reference.length;
  const n = input.candidate.length;
  const total = binomial(m + n, m);
  if (total > limit) return null;
  const g = grams(input, spec);
  const mmd = g.k.map(() => new Float64Array(total));
  let b = 0;
  for (const inX of subsets(m + n, m)) {
    for (let q = 0; q < g.k.length; q++) (mmd[q] as Float64Array)[b] = mmdUnbiased(g.k[q] as Float64Array, m + n, inX, m, n);
    b++;
  }
  return { id: input.id, m, n, mmd, exact: true };
}

function meanSd(v: Float64Array): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    const d = (v[i] as number) - mean;
    ss += d * d;
  }
  return { mean, sd: Math.sqrt(ss / v.length) };
}

/** Per labelling, the share of labellings (itself included) whose value is at least its own. */
function tailShares(v: Float64Array): Float64Array {
  const sorted = Float64Array.from(v).sort();
  const n = v.length;
  const out = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    const t = lessTolerance(v[b] as number);
    // First index whose value is ≥ x − tol: everything from there up is "at least x".
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    out[b] = (n - lo) / n;
  }
  return out;
}

/** Per kernel, the share of labellings at least as extreme as the observed one (its own p-value). */
export function kernelShares(mmd: readonly Float64Array[]): number[] {
  return mmd.map((v) => tailShares(v)[0] as number);
}

/**
 * The test statistic under each labelling: the MMD² itself with one kernel; with several, minus
 * the smallest of the kernels' permutation tail shares (min-p aggregation, as MMDAgg): each kernel
 * is judged on its own permutation distribution, so a kernel with a heavy-tailed or lumpy one (the
 * length kernel on a few distinct lengths) cannot swamp the others, and the same permutations
 * calibrate the minimum.
 */
export function aggregate(mmd: readonly Float64Array[]): Float64Array {
  const first = mmd[0];
  if (first === undefined) throw new Error('aggregate: no kernel');
  if (mmd.length === 1) return first;
  const out = new Float64Array(first.length).fill(Number.NEGATIVE_INFINITY);
  for (const v of mmd) {
    const shares = tailShares(v);
    for (let b = 0; b < v.length; b++) out[b] = Math.max(out[b] as number, -(shares[b] as number));
  }
  return out;
}

/** x − the tolerance tailShares and permutationPValue allow it. */
function lessTolerance(x: number): number {
  return x - 1e-9 * Math.max(1, Math.abs(x));
}

/**
 * aggregate(mmd)[0] and permutationPValue(aggregate(mmd)), the same numbers without sorting every
 * kernel's permutation distribution (what a case's test needs; the full vector is for the pool).
 * With several kernels the statistic of labelling b is −min over kernels of r_q(b)/N, where
 * r_q(b) = N − #{labellings below v_q[b] − tol} counts the labellings at least as extreme. Those
 * shares are multiples of 1/N (N ≤ 10⁶ here, else the plain way), far coarser than the p-value's 1e-9 tolerance, so
 * labelling b counts exactly when min_q r_q(b) ≤ R = min_q r_q(0), that is when some kernel has
 * #{labellings below v_q[b] − tol} ≥ N − R: when its (N − R)-th smallest value is below
 * v_q[b] − tol. One selection per kernel instead of a sort and N binary searches.
 */
export function aggregateTest(mmd: readonly Float64Array[]): { statistic: number; pValue: number; labellings: number } {
  const N = mmd[0]?.length ?? 0;
  let nan = false;
  for (const v of mmd) for (let b = 0; b < v.length; b++) if (Number.isNaN(v[b])) nan = true;
  if (mmd.length < 2 || N === 0 || N > 1_000_000 || nan) {
    const stat = aggregate(mmd);
    return { statistic: stat[0] as number, pValue: permutationPValue(stat), labellings: stat.length };
  }
  // Observed: per kernel, r_q(0) as tailShares counts it.
  let statistic = Number.NEGATIVE_INFINITY;
  let R = N;
  for (const v of mmd) {
    const t = lessTolerance(v[0] as number);
    let below = 0;
    for (let b = 0; b < N; b++) if ((v[b] as number) < t) below++;
    statistic = Math.max(statistic, -((N - below) / N));
    R = Math.min(R, N - below);
  }
  const L = N - R;
  if (L === 0) return { statistic, pValue: N / N, labellings: N };
  const cuts = mmd.map((v) => select(Float64Array.from(v), L - 1));
  let atLeast = 0;
  for (let b = 0; b < N; b++) {
    for (let q = 0; q < mmd.length; q++) {
      if ((cuts[q] as number) < lessTolerance((mmd[q] as Float64Array)[b] as number)) {
        atLeast++;
        break;
      }
    }
  }
  return { statistic, pValue: atLeast / N, labellings: N };
}

/**
 * Share of labellings (the observed one included) whose statistic is at least the observed one:
 * exact under full enumeration, a valid Monte Carlo p-value ((1 + #{T_b ≥ T}) / (B + 1)) otherwise.
 * Ties count against the candidate (a relative tolerance absorbs floating-point noise).
 */
export function permutationPValue(stat: Float64Array): number {
  const observed = stat[0] as number;
  const tol = 1e-9 * Math.max(1, Math.abs(observed));
  let atLeast = 0;
  for (const s of stat) if (s >= observed - tol) atLeast++;
  return atLeast / stat.length;
}

/** A stratum's values in units of its own permutation distribution (all 0 when it is flat). */
export function standardise(v: Float64Array): Float64Array {
  const { mean, sd } = meanSd(v);
  return v.map((x) => (sd > 0 ? (x - mean) / sd : 0));
}

/** Per kernel, how many permutation deviations the observed MMD² lies above the permutation mean. */
export function excessZ(mmd: readonly Float64Array[]): number[] {
  return mmd.map((v) => {
    const { mean, sd } = meanSd(v);
    return sd > 0 ? ((v[0] as number) - mean) / sd : 0;
  });
}

/**
 * Sums strata index by index (same kernels, same B), for the pooled, prompt-stratified test.
 * Each stratum enters standardised by its own permutation distribution, so every prompt weighs
 * the same whatever the scale of its kernel values (a sum of z-scores, as Stouffer's method).
 */
export class PooledNull {
  readonly mmd: Float64Array[];
  strata = 0;
  referenceSamples = 0;
  candidateSamples = 0;

  constructor(kernels: number, permutations: number) {
    this.mmd = Array.from({ length: kernels }, () => new Float64Array(permutations + 1));
  }

  add(s: Pick<StratumNull, 'mmd' | 'm' | 'n'>): void {
    s.mmd.forEach((raw, q) => {
      const acc = this.mmd[q];
      if (acc === undefined || acc.length !== raw.length) throw new Error('pooled distribution test: strata differ in kernels or permutations');
      // standardise(raw), added as it is computed.
      const { mean, sd } = meanSd(raw);
      for (let b = 0; b < raw.length; b++) acc[b] = (acc[b] as number) + (sd > 0 ? ((raw[b] as number) - mean) / sd : 0);
    });
    this.strata++;
    this.referenceSamples += s.m;
    this.candidateSamples += s.n;
  }

  /** Adds another pool's sums (a shard's), already standardised per stratum. */
  merge(other: { strata: number; referenceSamples: number; candidateSamples: number; mmd: ReadonlyArray<ArrayLike<number>> }): void {
    other.mmd.forEach((v, q) => {
      const acc = this.mmd[q];
      if (acc === undefined || acc.length !== v.length) throw new Error('pooled distribution test: shards differ in kernels or permutations');
      for (let b = 0; b < v.length; b++) acc[b] = (acc[b] as number) + (v[b] as number);
    });
    this.strata += other.strata;
    this.referenceSamples += other.referenceSamples;
    this.candidateSamples += other.candidateSamples;
  }
}
