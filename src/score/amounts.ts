/**
 * Per-request amounts (tokens, cost) compared between the arms by the one rule of
 * latency-rule.ts, on the ratio of the per-request means candidate ÷ baseline:
 *   - evidence: one-sided Mann-Whitney on the per-request amounts (candidate larger), p < alpha
 *     after Holm across cases and across the gate's checks (gate/families.ts);
 *   - practical: the 95 % interval of the ratio of means (seeded percentile bootstrap, each arm
 *     resampled independently) reaches 1 + limit.
 * At temperature > 0 completion lengths vary from request to request on both gateways alike; a
 * plain ratio of two means over 8 requests each would call that variation a regression (see
 * docs/CALIBRATION.md, tokens/aa-sampled). Deterministic answers (every request the same
 * amount) give a tight interval and a small p, so a real change still fails at a handful of repeats.
 */
import { Mulberry32 } from '../util/prng.ts';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, selectQuantile } from './bootstrap.ts';
import type { CheckVerdict } from '../gate/types.ts';
import { mannWhitneyGreater } from './rank-tests.ts';
import { quantileSorted } from './stats.ts';

export interface AmountCriterion {
  /** What is compared: `tokens` (prompt + completion per request) or `cost` (nanodollars per request). */
  measure: 'tokens' | 'cost';
  /** Per-request means. */
  baselineMean: number;
  candidateMean: number;
  nBaseline: number;
  nCandidate: number;
  /** candidate mean ÷ baseline mean, and its 95 % interval. */
  ratio: number;
  lower: number;
  upper: number;
  /** Fails above 1 + limit (thresholds.tokens.ratio / thresholds.cost.ratio). */
  limit: number;
  test: string;
  /** Raw one-sided p (the gate adjusts it across the run). */
  pValue: number;
  /**
   * Smallest p the test can give with these values (the largest ones all on the candidate): at or
   * above alpha — every request the same amount on both sides, or too few requests — it is no
   * hypothesis for Holm (Tarone), so identical deterministic answers cost the gate no power.
   */
  minP: number;
  /** Set by the gate: the adjusted p. */
  pAdjusted?: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

function ratioOf(c: number, b: number): number {
  if (b === 0) return c === 0 ? 1 : Number.POSITIVE_INFINITY;
  return c / b;
}

/** Seeded percentile bootstrap interval of mean(candidate) ÷ mean(baseline). */
export function meanRatioInterval(baseline: readonly number[], candidate: readonly number[], alpha: number, resamples = BOOTSTRAP_RESAMPLES): [number, number] {
  const nb = baseline.length;
  const nc = candidate.length;
  const ratios = new Float64Array(resamples);
  if (allSame(baseline) && allSame(candidate)) {
    // Every resample draws the same values (deterministic answers: every request the same
    // amount), so every ratio is this one: no draws, the same interval.
    ratios.fill(ratioOf(sumOf(candidate[0] as number, nc) / nc, sumOf(baseline[0] as number, nb) / nb));
    return [quantileSorted(ratios, alpha / 2) as number, quantileSorted(ratios, 1 - alpha / 2) as number];
  }
  const rng = new Mulberry32(BOOTSTRAP_SEED ^ 0x3c0a ^ (nb * 65_537) ^ (nc * 257));
  let plain = true;
  for (let r = 0; r < resamples; r++) {
    let sb = 0;
    for (let i = 0; i < nb; i++) sb += baseline[Math.floor(rng.next() * nb)] as number;
    let sc = 0;
    for (let i = 0; i < nc; i++) sc += candidate[Math.floor(rng.next() * nc)] as number;
    const ratio = ratioOf(sc / nc, sb / nb);
    ratios[r] = ratio;
    if (!(ratio > 0 ? ratio < Number.POSITIVE_INFINITY : ratio === 0 && 1 / ratio > 0)) plain = false;
  }
  // Two selections instead of sorting 2,000 ratios: the same numbers as quantileSorted on the
  // sorted ratios while every ratio is finite and not negative (else sorted, as before: NaN,
  // infinities and -0 are where the two could differ).
  if (plain) return [selectQuantile(ratios, alpha / 2), selectQuantile(ratios, 1 - alpha / 2)];
  ratios.sort();
  return [quantileSorted(ratios, alpha / 2) as number, quantileSorted(ratios, 1 - alpha / 2) as number];
}

/** Every value the same (=== : no NaN). */
function allSame(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}

/** `x` added to itself `n` times, as a resample of n equal values sums it. */
function sumOf(x: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x;
  return s;
}

/** null when either arm has no request to count. */
export function amountCriterion(measure: AmountCriterion['measure'], baseline: readonly number[], candidate: readonly number[], limit: number, alpha: number): AmountCriterion | null {
  if (baseline.length === 0 || candidate.length === 0) return null;
  const baselineMean = mean(baseline);
  const candidateMean = mean(candidate);
  const [lower, upper] = meanRatioInterval(baseline, candidate, alpha);
  const test = mannWhitneyGreater(baseline, candidate);
  const pooled = [...baseline, ...candidate].sort((a, b) => a - b);
  const minP = mannWhitneyGreater(pooled.slice(0, baseline.length), pooled.slice(baseline.length)).pValue;
  return {
    measure,
    baselineMean,
    candidateMean,
    nBaseline: baseline.length,
    nCandidate: candidate.length,
    ratio: ratioOf(candidateMean, baselineMean),
    lower,
    upper,
    limit,
    test: `Mann-Whitney (${test.method})`,
    pValue: test.pValue,
    minP,
  };
}

const times = (r: number): string => (Number.isFinite(r) ? `×${r.toFixed(2)}` : '×∞');

function shown(c: AmountCriterion): string {
  return `mean ${times(c.ratio)} (95 % CI ${times(c.lower)} … ${times(c.upper)}, limit ×${(1 + c.limit).toFixed(2)})`;
}

function p(c: AmountCriterion): string {
  return `${c.test} p = ${c.pValue.toPrecision(3)}${c.pAdjusted !== undefined ? `, Holm-adjusted ${c.pAdjusted.toPrecision(3)}` : ''}`;
}

/** The one rule on a per-request amount; `label` names it ("Token usage", "Cost"), `detail` the figures with their sources. */
export function judgeAmount(label: string, c: AmountCriterion, alpha: number, detail: string): { verdict: CheckVerdict; reason: string } {
  const evidence = (c.pAdjusted ?? c.pValue) < alpha;
  const practical = c.upper >= 1 + c.limit;
  if (evidence && practical) return { verdict: 'fail', reason: `${label} up: ${shown(c)}, ${p(c)}: ${detail}.` };
  if (!evidence && c.ratio > 1 + c.limit) {
    return { verdict: 'pass', reason: `${label} looks higher (${shown(c)}) but not significantly (${p(c)}, alpha ${alpha}): treated as variation between requests; more repeats would tell: ${detail}.` };
  }
  return { verdict: 'pass', reason: `${label} ${times(c.ratio)}: ${detail}.` };
}
