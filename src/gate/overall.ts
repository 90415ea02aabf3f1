/**
 * Run-level checks over all cases: latency (stratified by case), error rate, total cost.
 * Latency is never pooled across cases for the verdict (cases differ in length, and pooling
 * lets a few long prompts dominate); pooled percentiles are reported for context only.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckResult } from './types.ts';
import type { GateCase } from './digest.ts';
import { countedErrors, countedSamples } from '../score/arm.ts';
import type { LatencyCheckName } from '../score/latency.ts';
import { signedRankGreater } from '../score/rank-tests.ts';
import { summarise } from '../score/stats.ts';

/** Fewer cases than this cannot reach p < 0.05 in a one-sided signed-rank test (1/2^n). */
export const MIN_CASES_FOR_OVERALL = 5;

const ordinary = (cases: readonly GateCase[]): GateCase[] => cases.filter((c) => c.contract === undefined);

export function overallLatency(
  check: LatencyCheckName,
  cases: readonly GateCase[],
  thresholds: Thresholds['latency'],
  pooled?: { baseline: number[]; candidate: number[] },
): CheckResult {
  const logRatios: number[] = [];
  for (const c of cases) {
    const m = c.checks.find((x) => x.check === check)?.metrics;
    // Only cases whose own test ran (enough samples on both arms) enter the stratified test.
    if (m === undefined || typeof m['pValue'] !== 'number') continue;
    const base = m['baselineP50'];
    const cand = m['candidateP50'];
    if (typeof base === 'number' && typeof cand === 'number' && base > 0 && cand > 0) logRatios.push(Math.log(cand / base));
  }
  const metrics: CheckResult['metrics'] = { cases: logRatios.length, p50Limit: thresholds.p50, alpha: thresholds.alpha };
  if (pooled !== undefined && check === 'latency') {
    const b = summarise(pooled.baseline);
    const c = summarise(pooled.candidate);
    Object.assign(metrics, { pooledBaselineP50: b.p50, pooledCandidateP50: c.p50, pooledBaselineP95: b.p95, pooledCandidateP95: c.p95 });
  }
  const label = check === 'ttft' ? 'Overall TTFT' : 'Overall latency';
  if (logRatios.length < MIN_CASES_FOR_OVERALL) {
    const reason = `${label}: ${logRatios.length} case(s) with enough samples, need ${MIN_CASES_FOR_OVERALL}; per-case checks decide.`;
    return { check, verdict: 'skipped', reason, metrics };
  }
  const geoMeanRatio = Math.exp(logRatios.reduce((s, x) => s + x, 0) / logRatios.length);
  const test = signedRankGreater(logRatios);
  Object.assign(metrics, { geoMeanP50Ratio: geoMeanRatio, pValue: test.pValue, test: `wilcoxon-signed-rank-${test.method}` });
  const shown = `geometric mean of per-case p50 ratios ×${geoMeanRatio.toFixed(3)} over ${logRatios.length} cases (signed-rank p = ${test.pValue.toPrecision(3)})`;
  const practical = geoMeanRatio > 1 + thresholds.p50;
  if (practical && test.pValue < thresholds.alpha) return { check, verdict: 'fail', reason: `${label} regressed: ${shown}.`, metrics };
  if (practical) return { check, verdict: 'inconclusive', reason: `${label} looks slower but not significantly: ${shown}.`, metrics };
  return { check, verdict: 'pass', reason: `${label} within +${thresholds.p50 * 100} %: ${shown}.`, metrics };
}

export function overallErrorRate(cases: readonly GateCase[], thresholds: Thresholds['errorRate']): CheckResult {
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
  const metrics = { baselineErrors: baseErrors, baselineSamples: baseSamples, candidateErrors: candErrors, candidateSamples: candSamples, baselineErrorRate: baseRate, candidateErrorRate: candRate, max: thresholds.max };
  if (candSamples === 0) return { check: 'errors', verdict: 'skipped', reason: 'No ordinary requests.', metrics };
  const shown = `candidate ${(candRate * 100).toFixed(1)} % (${candErrors}/${candSamples}), baseline ${(baseRate * 100).toFixed(1)} %`;
  if (candRate > thresholds.max) return { check: 'errors', verdict: 'fail', reason: `Error rate above ${thresholds.max * 100} %: ${shown}.`, metrics };
  return { check: 'errors', verdict: 'pass', reason: `Error rate ${shown}.`, metrics };
}

/** Total cost over the cases whose cost is known on both sides; coverage is reported. */
export function overallCost(cases: readonly GateCase[], thresholds: Thresholds['cost']): CheckResult {
  let base = 0;
  let cand = 0;
  let known = 0;
  const all = ordinary(cases);
  for (const c of all) {
    if (c.baseline.costNanos === null || c.candidate.costNanos === null || c.baseline.ok === 0 || c.candidate.ok === 0) continue;
    // Per-request means, so unequal success counts do not skew the totals.
    base += c.baseline.costNanos / c.baseline.ok;
    cand += c.candidate.costNanos / c.candidate.ok;
    known++;
  }
  const metrics: CheckResult['metrics'] = { casesKnown: known, cases: all.length, baselineNanos: base, candidateNanos: cand, maxIncrease: thresholds.ratio };
  if (known === 0) return { check: 'cost', verdict: 'skipped', reason: 'Cost unknown for every case.', metrics };
  const ratio = base === 0 ? (cand === 0 ? 1 : Number.POSITIVE_INFINITY) : cand / base;
  metrics['ratio'] = Number.isFinite(ratio) ? ratio : null;
  const coverage = known < all.length ? ` (${known} of ${all.length} cases priced on both sides)` : '';
  const shown = `$${(cand / 1e9).toFixed(6)} vs $${(base / 1e9).toFixed(6)} per pass of the suite${coverage}`;
  if (ratio > 1 + thresholds.ratio) return { check: 'cost', verdict: 'fail', reason: `Total cost up ×${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}: ${shown}.`, metrics };
  return { check: 'cost', verdict: 'pass', reason: `Total cost ×${ratio.toFixed(2)}: ${shown}.`, metrics };
}
