/**
 * Run-level checks over all cases: latency (stratified by case), total cost; the error checks
 * are in overall-errors.ts. Latency is never pooled across cases for the verdict (cases differ
 * in length, and pooling lets a few long prompts dominate); pooled percentiles are context only.
 * The run-level latency test follows the same rule as each case (score/latency-rule.ts).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf } from './types.ts';
import { isRejudged, type GateCase } from './digest.ts';
import { studentTQuantile } from '../score/distributions.ts';
import { judgeCriteria, type Criterion } from '../score/latency-rule.ts';
import type { LatencyCheckName, LatencyMetrics } from '../score/latency.ts';
import { minimumDetectable, runModel } from '../score/power.ts';
import { signedRankGreater } from '../score/rank-tests.ts';
import { median, summarise } from '../score/stats.ts';
import { comparableCost } from '../gateway/provenance.ts';
import type { OverallErrorsCheck, OverallFirstAttemptCheck, SloCheck } from './overall-errors.ts';

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
  /** Geometric mean of the per-case p50 ratios, its evidence, interval and detectable size. */
  geoMeanP50Ratio?: number;
  criterion?: Criterion;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across (gate/families.ts). */
  families?: number;
  /** What the detectable size is computed from: median samples per arm and ln-latency spread of the cases tested. */
  perCaseSamples?: number;
  spread?: number;
}

export interface OverallCostMetrics {
  casesKnown: number;
  cases: number;
  baselineNanos: number;
  candidateNanos: number;
  maxIncrease: number;
  ratio?: number | null;
}

export type OverallLatencyCheck = CheckOf<'latency', OverallLatencyMetrics> | CheckOf<'ttft', OverallLatencyMetrics> | CheckOf<'app-latency', OverallLatencyMetrics>;
export type OverallCostCheck = CheckOf<'cost', OverallCostMetrics>;
export type { OverallErrorsCheck, OverallFirstAttemptCheck, SloCheck };

export const ordinary = (cases: readonly GateCase[]): GateCase[] => cases.filter((c) => c.contract === undefined);

const LABEL: Record<LatencyCheckName, string> = { latency: 'Overall latency', ttft: 'Overall TTFT', 'app-latency': 'Overall application-seen latency' };

/** Per-case latency metrics of the cases whose own p50 test ran. */
function judgedCases(check: LatencyCheckName, cases: readonly GateCase[]): LatencyMetrics[] {
  const out: LatencyMetrics[] = [];
  for (const c of cases) {
    const found = c.checks.find((x) => x.check === check);
    if (found === undefined || !isRejudged(found) || found.check !== check) continue;
    const m = found.metrics as LatencyMetrics;
    if (m.criteria?.some((x) => x.quantile === 'p50') && m.baselineP50 !== null && m.candidateP50 !== null && m.baselineP50 > 0 && m.candidateP50 > 0) out.push(m);
  }
  return out;
}

export function overallLatency(
  check: LatencyCheckName,
  cases: readonly GateCase[],
  thresholds: Thresholds['latency'],
  pooled?: { baseline: number[]; candidate: number[] },
): OverallLatencyCheck {
  const judged = judgedCases(check, cases);
  const logRatios = judged.map((m) => Math.log((m.candidateP50 as number) / (m.baselineP50 as number)));
  let metrics: OverallLatencyMetrics = { cases: logRatios.length, p50Limit: thresholds.p50, alpha: thresholds.alpha };
  if (pooled !== undefined && check === 'latency') {
    const b = summarise(pooled.baseline);
    const c = summarise(pooled.candidate);
    metrics = { ...metrics, pooledBaselineP50: b.p50, pooledCandidateP50: c.p50, pooledBaselineP95: b.p95, pooledCandidateP95: c.p95 };
  }
  const label = LABEL[check];
  const k = logRatios.length;
  if (k < MIN_CASES_FOR_OVERALL) {
    const reason = `${label}: ${k} case(s) with enough samples, need ${MIN_CASES_FOR_OVERALL}; per-case checks decide.`;
    return { check, verdict: 'skipped', reason, metrics } as OverallLatencyCheck;
  }
  const mean = logRatios.reduce((s, x) => s + x, 0) / k;
  const sd = Math.sqrt(logRatios.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1));
  const half = (studentTQuantile(1 - thresholds.alpha / 2, k - 1) * sd) / Math.sqrt(k);
  const test = signedRankGreater(logRatios);
  const spread = median(judged.map((m) => m.spread ?? 0)) ?? 0;
  const n = median(judged.map((m) => Math.min(m.nBaseline, m.nCandidate))) ?? 0;
  const criterion: Criterion = {
    quantile: 'p50',
    ratio: Math.exp(mean),
    lower: Math.exp(mean - half),
    upper: Math.exp(mean + half),
    limit: thresholds.p50,
    test: `signed-rank over ${k} cases (${test.method})`,
    pValue: test.pValue,
    detectable: minimumDetectable(runModel(k, n, spread, thresholds.alpha, thresholds.p50)),
  };
  metrics = { ...metrics, geoMeanP50Ratio: criterion.ratio, criterion, perCaseSamples: n, spread };
  const judgedRun = judgeCriteria(`${label} (geometric mean of per-case p50 ratios)`, [criterion], thresholds.alpha);
  return { check, ...judgedRun, metrics } as OverallLatencyCheck;
}

/** The run-level test re-judged on its p adjusted across the gate's `families` checks (gate/families.ts). */
export function rejudgeOverallLatency(check: OverallLatencyCheck, pAdjusted: number, families: number): OverallLatencyCheck {
  const m = check.metrics;
  if (m.criterion === undefined) return check;
  // Detectable by a slowdown only this test sees: its p is then the gate's smallest, tested at alpha ÷ families.
  const detectable = m.perCaseSamples === undefined || m.spread === undefined ? m.criterion.detectable : minimumDetectable(runModel(m.cases, m.perCaseSamples, m.spread, m.alpha, m.p50Limit, families));
  const criterion = { ...m.criterion, pAdjusted, detectable };
  const judged = judgeCriteria(`${LABEL[check.check]} (geometric mean of per-case p50 ratios)`, [criterion], m.alpha);
  return { ...check, ...judged, metrics: { ...m, criterion, families } } as OverallLatencyCheck;
}

/** Total cost over the cases whose cost is known on both sides; coverage is reported. */
export function overallCost(cases: readonly GateCase[], thresholds: Thresholds['cost']): OverallCostCheck {
  let base = 0;
  let cand = 0;
  let known = 0;
  // Cases where a gateway ignored a requested feature cost different work: not in the totals.
  const all = ordinary(cases).filter((c) => c.notComparable === undefined);
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
