/**
 * What a latency check can detect at the sizes it has: the minimum detectable effect (MDE), the
 * smallest true slowdown the check fails with probability ≥ POWER_TARGET (80 %).
 *
 * A check fails when its test is significant (one-sided, at the effective alpha: Holm's first
 * step, alpha ÷ hypotheses) AND the confidence interval reaches the practical limit. With log
 * latencies of spread σ (SD of ln ms; lognormal), for a true log-ratio δ:
 *   P(significant) ≈ Φ(δ / seTest − z(1 − alphaEff))
 *   P(practical)   ≈ Φ((δ − ln(1 + limit)) / seEstimate + z(1 − alpha/2))
 * and the MDE is the smallest δ with their product ≥ the target (found by bisection). Standard
 * errors: the sample median's is σ·√(π/2n); a quantile q's is σ·√(q(1−q)/n)/φ(z_q); the
 * Mann-Whitney test has 3/π of the t-test's efficiency on normal data; the signed-rank test over
 * K cases the same. Approximations — the calibration (npm run calibrate) checks them by simulation.
 */
import { mannWhitneyMinP } from './rank-tests.ts';
import { normalCdf, normalQuantile } from './distributions.ts';

export const POWER_TARGET = 0.8;
/** Asymptotic relative efficiency of the rank tests against the t-test on normal data (3/π). */
const RANK_ARE = 3 / Math.PI;

/**
 * Small-sample consistency factors of the MAD for n = 3 … 9 (Croux & Rousseeuw 1992; above 9,
 * n ÷ (n − 0.8)): MAD × 1.4826 is the SD only for large n, and at 10 samples it is ~9 % low on
 * average (seeded simulation, power.test.ts) — a spread read low makes every "could have
 * detected" figure smaller than what the gate catches.
 */
const MAD_SMALL_N: readonly number[] = [1, 1, 1.196, 1.495, 1.363, 1.206, 1.2, 1.14, 1.129, 1.107];
export const madConsistency = (n: number): number => (n <= 9 ? (MAD_SMALL_N[n] ?? 1) : n / (n - 0.8));

/** Robust spread of ln(values): MAD × 1.4826 (the SD for normal data), corrected for small n; null below 3 values. */
export function logSpread(values: readonly number[]): number | null {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log).sort((a, b) => a - b);
  if (logs.length < 3) return null;
  const mid = (xs: number[]): number => {
    const h = (xs.length - 1) / 2;
    return ((xs[Math.floor(h)] as number) + (xs[Math.ceil(h)] as number)) / 2;
  };
  const m = mid(logs);
  const dev = logs.map((x) => Math.abs(x - m)).sort((a, b) => a - b);
  return mid(dev) * 1.4826 * madConsistency(logs.length);
}

/** Standard error of ln(quantile q) of n lognormal samples with log-spread σ. */
export function logQuantileSE(sigma: number, n: number, q: number): number {
  const z = normalQuantile(q);
  const density = Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
  return (sigma * Math.sqrt((q * (1 - q)) / n)) / density;
}

export interface DetectionModel {
  /** SE of the test statistic, in ln-ratio units. */
  seTest: number;
  /** SE of the estimated ln-ratio (for the interval). */
  seEstimate: number;
  /** Effective one-sided alpha of the test (after the multiple-testing adjustment). */
  alphaTest: number;
  /** Alpha of the two-sided interval whose upper end must reach the limit. */
  alphaInterval: number;
  /** Practical limit (0.1 = +10 %). */
  limit: number;
  /** Smallest p the test can produce at these sizes; above alphaTest nothing is detectable. */
  minP: number;
}

/** P(the check fails) when the true ratio is exp(δ). */
export function detectionPower(m: DetectionModel, delta: number): number {
  if (m.minP >= m.alphaTest) return 0;
  const sig = normalCdf(delta / m.seTest - normalQuantile(1 - m.alphaTest));
  const practical = normalCdf((delta - Math.log1p(m.limit)) / m.seEstimate + normalQuantile(1 - m.alphaInterval / 2));
  return sig * practical;
}

/** Smallest ratio − 1 detected with probability ≥ target; Infinity when none is (e.g. too few samples for any p < alpha). */
export function minimumDetectable(m: DetectionModel, target = POWER_TARGET): number {
  if (detectionPower(m, Math.log(100)) < target) return Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = Math.log(100);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (detectionPower(m, mid) >= target) hi = mid;
    else lo = mid;
  }
  return Math.expm1(hi);
}

export interface CaseSizes {
  nBaseline: number;
  nCandidate: number;
  /** ln-latency spread (measured, or assumed before the run). */
  sigma: number;
  alpha: number;
  /** Hypotheses in the Holm family this test is adjusted in (a lone regression needs p < alpha ÷ this). */
  family: number;
}

/** The p50 criterion of a per-case latency check (Mann-Whitney evidence, bootstrap interval). */
export function p50Model(s: CaseSizes, limit: number): DetectionModel {
  const inv = 1 / s.nBaseline + 1 / s.nCandidate;
  return {
    seTest: (s.sigma * Math.sqrt(inv)) / Math.sqrt(RANK_ARE),
    seEstimate: s.sigma * Math.sqrt((Math.PI / 2) * inv),
    alphaTest: s.alpha / Math.max(1, s.family),
    alphaInterval: s.alpha,
    limit,
    minP: mannWhitneyMinP(s.nBaseline, s.nCandidate),
  };
}

/** A tail criterion (p95/p99) of a per-case latency check: bootstrap evidence and interval. */
export function tailModel(s: CaseSizes, q: number, limit: number): DetectionModel {
  const se = Math.hypot(logQuantileSE(s.sigma, s.nBaseline, q), logQuantileSE(s.sigma, s.nCandidate, q));
  return { seTest: se, seEstimate: se, alphaTest: s.alpha / Math.max(1, s.family), alphaInterval: s.alpha, limit, minP: 0 };
}

/**
 * The run-level p50 test: signed-rank over K cases' ln p50 ratios, each with the per-case
 * estimate's variance; the interval is the t-interval of their mean. `families`: the gate's
 * checks its p is Holm-adjusted across (gate/families.ts): a slowdown only this test sees is
 * tested at alpha ÷ families.
 */
export function runModel(cases: number, nPerArm: number, sigma: number, alpha: number, limit: number, families = 1): DetectionModel {
  const perCase = sigma * Math.sqrt((Math.PI / 2) * (2 / nPerArm));
  const se = perCase / Math.sqrt(Math.max(1, cases));
  return { seTest: se / Math.sqrt(RANK_ARE), seEstimate: se, alphaTest: alpha / Math.max(1, families), alphaInterval: alpha, limit, minP: 2 ** -cases };
}

/** Whole percent, rounded up (never below the size computed); 0.1 × 100 = 10.000000000000002 stays 10. */
export const percentUp = (x: number): number => Math.ceil(x * 100 - 1e-9);

/** "+35 %" / "undetectable" for reports. */
export function formatDetectable(mde: number): string {
  return Number.isFinite(mde) ? `+${percentUp(mde)} %` : 'nothing (too few samples for any significant result)';
}
