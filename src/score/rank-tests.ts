/**
 * Rank tests, one-sided: "is the candidate stochastically larger (slower)?"
 * Both follow R's wilcox.test: exact null distribution when both samples are small
 * (< 50) and there are no ties, else the normal approximation with tie and continuity
 * correction. Exact distributions are counted with generating functions (no enumeration).
 */
import { normalUpperTail } from './stats.ts';

export interface RankTestResult {
  /** Mann-Whitney: U of the candidate (pairs where candidate > baseline, ties ½). Signed-rank: V. */
  statistic: number;
  /** One-sided p-value for "candidate larger". 1 when a test cannot be computed. */
  pValue: number;
  method: 'exact' | 'normal' | 'none';
}

/** Below this sample size (each side) and without ties the exact distribution is used, as in R. */
export const EXACT_MAX_N = 50;

interface Ranked {
  /** Average ranks (1-based) in input order. */
  ranks: Float64Array;
  /** Σ (t³ − t) over tie groups. */
  tieSum: number;
}

function averageRanks(values: readonly number[]): Ranked {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const t = j - i + 1;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = avg;
    if (t > 1) tieSum += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieSum };
}

/**
 * P(U ≥ u) for Mann-Whitney U with sizes m, n and no ties. The counts of U are the
 * coefficients of the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i),
 * built one factor at a time in O(m·mn) (each intermediate is again a Gaussian binomial).
 */
export function mannWhitneyExactUpper(u: number, m: number, n: number): number {
  const length = m * n + 1;
  const counts = new Float64Array(length);
  counts[0] = 1;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let k = length - 1; k >= up; k--) counts[k] = (counts[k] as number) - (counts[k - up] as number);
    for (let k = i; k < length; k++) counts[k] = (counts[k] as number) + (counts[k - i] as number);
  }
  let total = 0;
  let upper = 0;
  const threshold = Math.ceil(u - 1e-9);
  for (let k = 0; k < length; k++) {
    const c = counts[k] as number;
    total += c;
    if (k >= threshold) upper += c;
  }
  return Math.min(1, Math.max(0, upper / total));
}

/**
 * The smallest one-sided p Mann-Whitney can give at these sizes (all candidates above all
 * baselines): exactly 1 / C(m + n, m) below EXACT_MAX_N; the normal approximation beyond.
 */
export function mannWhitneyMinP(m: number, n: number): number {
  if (m === 0 || n === 0) return 1;
  if (m < EXACT_MAX_N && n < EXACT_MAX_N) {
    let lnC = 0;
    for (let i = 1; i <= m; i++) lnC += Math.log(n + i) - Math.log(i);
    return Math.exp(-lnC);
  }
  const z = (m * n - (m * n) / 2 - 0.5) / Math.sqrt(((m * n) / 12) * (m + n + 1));
  return normalUpperTail(z);
}

/** Mann-Whitney U test, H1: candidate stochastically greater than baseline. */
export function mannWhitneyGreater(baseline: readonly number[], candidate: readonly number[]): RankTestResult {
  const n = baseline.length;
  const m = candidate.length;
  if (m === 0 || n === 0) return { statistic: 0, pValue: 1, method: 'none' };
  const { ranks, tieSum } = averageRanks([...candidate, ...baseline]);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += ranks[i] as number;
  const u = rankSum - (m * (m + 1)) / 2;
  if (tieSum === 0 && m < EXACT_MAX_N && n < EXACT_MAX_N) {
    return { statistic: u, pValue: mannWhitneyExactUpper(u, m, n), method: 'exact' };
  }
  const total = m + n;
  const variance = ((m * n) / 12) * (total + 1 - tieSum / (total * (total - 1)));
  if (variance <= 0) return { statistic: u, pValue: 1, method: 'normal' }; // all values equal
  const z = (u - (m * n) / 2 - 0.5) / Math.sqrt(variance);
  return { statistic: u, pValue: normalUpperTail(z), method: 'normal' };
}

/** P(V ≥ v) for the signed-rank statistic with n non-zero, untied differences. */
export function signedRankExactUpper(v: number, n: number): number {
  const maxV = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxV + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let s = maxV; s >= r; s--) counts[s] = (counts[s] as number) + (counts[s - r] as number);
  }
  const threshold = Math.ceil(v - 1e-9);
  let upper = 0;
  for (let s = threshold; s <= maxV; s++) upper += counts[s] as number;
  return upper / 2 ** n;
}

/**
 * Wilcoxon signed-rank test on paired differences, H1: differences centred above 0.
 * Zero differences are dropped (Wilcoxon's method) and, as R's wilcox.test does, their presence
 * (like ties) switches to the normal approximation: the exact distribution assumes neither.
 */
export function signedRankGreater(differences: readonly number[]): RankTestResult & { n: number } {
  const finite = differences.filter((d) => Number.isFinite(d));
  const nonZero = finite.filter((d) => d !== 0);
  const zeros = finite.length - nonZero.length;
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, pValue: 1, method: 'none', n };
  const { ranks, tieSum } = averageRanks(nonZero.map(Math.abs));
  let v = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) v += ranks[i] as number;
  });
  if (tieSum === 0 && zeros === 0 && n < EXACT_MAX_N) return { statistic: v, pValue: signedRankExactUpper(v, n), method: 'exact', n };
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSum / 48;
  const z = (v - (n * (n + 1)) / 4 - 0.5) / Math.sqrt(variance);
  return { statistic: v, pValue: normalUpperTail(z), method: 'normal', n };
}
