/**
 * Run-level checks over all cases: latency (stratified by case), error rate, total cost.
 * Latency is never pooled across cases for the verdict (cases differ in length, and pooling
 * lets a few long prompts dominate); pooled percentiles are reported for context only.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf } from './types.ts';
import { isRejudged, type GateCase } from './digest.ts';
import { countedErrors, countedSamples } from '../score/arm.ts';
import type { LatencyCheckName } from '../score/latency.ts';
import { signedRankGreater } from '../score/rank-tests.ts';
import { summarise } from '../score/stats.ts';
import { comparableCost } from '../gateway/provenance.ts';

/** Fewer cases than this cannot reach p < 0.05 in a one-sided signed-rank test (1/2^n). */
export const MIN_CASES_FOR_OVERALL = 5;

export interface OverallLatencyMetrics {
  /** Cases whose own test ran (enough samples on both arms). */
  cases: number;
  p50Limit: number;
  alpha: number;
  /** Pooled percentiles over all samples (E2E only), for context, never gated. */
  pooledBaselineP50?: number | null;
  pooledCandidateP50?: number | null;
  pooledBaselineP95?: number | null;
  pooledCandidateP95?: number | null;
  geoMeanP50Ratio?: number;
  pValue?: number;
  test?: string;
}

export interface OverallErrorsMetrics {
  baselineErrors: number;
  baselineSamples: number;
  candidateErrors: number;
  candidateSamples: number;
  baselineErrorRate: number;
  candidateErrorRate: number;
  max: number;
}

export interface OverallCostMetrics {
  casesKnown: number;
  cases: number;
  baselineNanos: number;
  candidateNanos: number;
  maxIncrease: number;
  ratio?: number | null;
}

export type OverallLatencyCheck = CheckOf<'latency', OverallLatencyMetrics> | CheckOf<'ttft', OverallLatencyMetrics>;
export type OverallErrorsCheck = CheckOf<'errors', OverallErrorsMetrics>;
export type OverallCostCheck = CheckOf<'cost', OverallCostMetrics>;

const ordinary = (cases: readonly GateCase[]): GateCase[] => cases.filter((c) => c.contract === undefined);

export function overallLatency(
  check: LatencyCheckName,
  cases: readonly GateCase[],
  thresholds: Thresholds['latency'],
  pooled?: { baseline: number[]; candidate: number[] },
): OverallLatencyCheck {
  const logRatios: number[] = [];
  for (const c of cases) {
    const found = c.checks.find((x) => x.check === check);
    // Only cases whose own test ran (enough samples on both arms) enter the stratified test.
    if (found === undefined || !isRejudged(found) || found.check === 'distribution' || found.metrics.pValue === undefined) continue;
    const { baselineP50: base, candidateP50: cand } = found.metrics;
    if (base !== null && cand !== null && base > 0 && cand > 0) logRatios.push(Math.log(cand / base));
  }
  let metrics: OverallLatencyMetrics = { cases: logRatios.length, p50Limit: thresholds.p50, alpha: thresholds.alpha };
  if (pooled !== undefined && check === 'latency') {
    const b = summarise(pooled.baseline);
    const c = summarise(pooled.candidate);
    metrics = { ...metrics, pooledBaselineP50: b.p50, pooledCandidateP50: c.p50, pooledBaselineP95: b.p95, pooledCandidateP95: c.p95 };
  }
  const label = check === 'ttft' ? 'Overall TTFT' : 'Overall latency';
  if (logRatios.length < MIN_CASES_FOR_OVERALL) {
    const reason = `${label}: ${logRatios.length} case(s) with enough samples, need ${MIN_CASES_FOR_OVERALL}; per-case checks decide.`;
    return { check, verdict: 'skipped', reason, metrics };
  }
  const geoMeanRatio = Math.exp(logRatios.reduce((s, x) => s + x, 0) / logRatios.length);
  const test = signedRankGreater(logRatios);
  metrics = { ...metrics, geoMeanP50Ratio: geoMeanRatio, pValue: test.pValue, test: `wilcoxon-signed-rank-${test.method}` };
  const shown = `geometric mean of per-case p50 ratios ×${geoMeanRatio.toFixed(3)} over ${logRatios.length} cases (signed-rank p = ${test.pValue.toPrecision(3)})`;
  const practical = geoMeanRatio > 1 + thresholds.p50;
  if (practical && test.pValue < thresholds.alpha) return { check, verdict: 'fail', reason: `${label} regressed: ${shown}.`, metrics };
  if (practical) return { check, verdict: 'inconclusive', reason: `${label} looks slower but not significantly: ${shown}.`, metrics };
  return { check, verdict: 'pass', reason: `${label} within +${thresholds.p50 * 100} %: ${shown}.`, metrics };
}

export function overallErrorRate(cases: readonly GateCase[], thresholds: Thresholds['errorRate']): OverallErrorsCheck {
  let baseErrors = 0;
  let baseSamples = 0;
  let candErrors = 0;
  let candSamples = 0;
  for (const c of ordinary(cases)) {
    baseErrors += countedErrors(c.baseline);
    baseSamples += countedSamples(c.baseline);
    candErrors += countedErrors(c.candidate);
    candSamples += countedSamples(c.candidate);
  }
  const baseRate = baseSamples === 0 ? 0 : baseErrors / baseSamples;
  const candRate = candSamples === 0 ? 0 : candErrors / candSamples;
  const metrics: OverallErrorsMetrics = { baselineErrors: baseErrors, baselineSamples: baseSamples, candidateErrors: candErrors, candidateSamples: candSamples, baselineErrorRate: baseRate, candidateErrorRate: candRate, max: thresholds.max };
  if (candSamples === 0) return { check: 'errors', verdict: 'skipped', reason: 'No ordinary requests.', metrics };
  const shown = `candidate ${(candRate * 100).toFixed(1)} % (${candErrors}/${candSamples}), baseline ${(baseRate * 100).toFixed(1)} %`;
  if (candRate > thresholds.max) return { check: 'errors', verdict: 'fail', reason: `Error rate above ${thresholds.max * 100} %: ${shown}.`, metrics };
  return { check: 'errors', verdict: 'pass', reason: `Error rate ${shown}.`, metrics };
}

/** Total cost over the cases whose cost is known on both sides; coverage is reported. */
export function overallCost(cases: readonly GateCase[], thresholds: Thresholds['cost']): OverallCostCheck {
  let base = 0;
  let cand = 0;
  let known = 0;
  const all = ordinary(cases);
  for (const c of all) {
    if (c.baseline.costNanos === null || c.candidate.costNanos === null || c.baseline.ok === 0 || c.candidate.ok === 0) continue;
    // Estimates (of usage the gateway did not report) are shown per case, never added into the total.
    if (!comparableCost(c.baseline.costSource, c.candidate.costSource)) continue;
    // Per-request means, so unequal success counts do not skew the totals.
    base += c.baseline.costNanos / c.baseline.ok;
    cand += c.candidate.costNanos / c.candidate.ok;
    known++;
  }
  const counted: OverallCostMetrics = { casesKnown: known, cases: all.length, baselineNanos: base, candidateNanos: cand, maxIncrease: thresholds.ratio };
  if (known === 0) return { check: 'cost', verdict: 'not-measured', reason: 'Cost unknown for every case.', metrics: counted };
  const ratio = base === 0 ? (cand === 0 ? 1 : Number.POSITIVE_INFINITY) : cand / base;
  const metrics: OverallCostMetrics = { ...counted, ratio: Number.isFinite(ratio) ? ratio : null };
  const coverage = known < all.length ? ` (${known} of ${all.length} cases priced like for like on both sides)` : '';
  const shown = `$${(cand / 1e9).toFixed(6)} vs $${(base / 1e9).toFixed(6)} per pass of the suite${coverage}`;
  if (ratio > 1 + thresholds.ratio) return { check: 'cost', verdict: 'fail', reason: `Total cost up ×${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}: ${shown}.`, metrics };
  return { check: 'cost', verdict: 'pass', reason: `Total cost ×${ratio.toFixed(2)}: ${shown}.`, metrics };
}
