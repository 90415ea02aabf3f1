/**
 * Cost per case: mean cost per successful request, candidate vs baseline, with the source of
 * every number (provenance.ts). Unknown cost on either side is inconclusive with a finding,
 * never zero; an estimate on either side is shown, not gated.
 * Judged by the one rule on per-request costs (amounts.ts: Mann-Whitney evidence, bootstrap
 * interval of the ratio of means against thresholds.cost.ratio), Holm across cases; a saving is reported.
 */
import type { Thresholds } from '../config/schema.ts';
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { comparableCost } from '../gateway/provenance.ts';
import type { Sample } from '../run/sample.ts';
import { amountCriterion, judgeAmount, type AmountCriterion } from './amounts.ts';

export interface CostMetrics {
  baselineCostNanos: number | null;
  candidateCostNanos: number | null;
  baselineSource: ArmSummary['costSource'];
  candidateSource: ArmSummary['costSource'];
  baselineOk: number;
  candidateOk: number;
  maxIncrease: number;
  /** Only when both sides are priced. */
  baselinePerRequestNanos?: number;
  candidatePerRequestNanos?: number;
  ratio?: number | null;
  alpha?: number;
  /** The comparison of per-request costs, with its evidence and interval. */
  criteria?: AmountCriterion[];
  /** Set by the gate: hypotheses in the Holm family. */
  holmFamily?: number;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across. */
  families?: number;
}

export type CostCheck = CheckOf<'cost', CostMetrics>;

const usd = (nanos: number): string => `$${(nanos / 1e9).toFixed(6)}`;

/** Per-request costs of the successful requests (nanodollars); empty when one is unpriced. */
export function costValues(samples: readonly Sample[]): number[] {
  const out: number[] = [];
  for (const s of samples) {
    if (s.kind !== 'ok') continue;
    if (s.cost.nanos === null) return [];
    out.push(s.cost.nanos);
  }
  return out;
}

function detail(m: CostMetrics): string {
  return `${usd(m.candidatePerRequestNanos ?? 0)} vs ${usd(m.baselinePerRequestNanos ?? 0)} per request (${m.candidateSource} vs ${m.baselineSource})`;
}

export function costCheck(baseline: ArmSummary, candidate: ArmSummary, thresholds: Thresholds['cost'], samples: { baseline: readonly Sample[]; candidate: readonly Sample[] }, alpha: number): CostCheck {
  const metrics: CostMetrics = {
    baselineCostNanos: baseline.costNanos,
    candidateCostNanos: candidate.costNanos,
    baselineSource: baseline.costSource,
    candidateSource: candidate.costSource,
    baselineOk: baseline.ok,
    candidateOk: candidate.ok,
    maxIncrease: thresholds.ratio,
  };
  if (baseline.ok === 0 || candidate.ok === 0) {
    return { check: 'cost', verdict: 'inconclusive', reason: 'No successful requests on one side to price.', metrics };
  }
  if (baseline.costNanos === null && candidate.costNanos === null) {
    // Neither side has a cost source: nothing to compare, and more samples would not change that.
    return { check: 'cost', verdict: 'not-measured', reason: `cost unknown for ${baseline.gateway} and ${candidate.gateway}`, metrics };
  }
  if (baseline.costNanos === null || candidate.costNanos === null) {
    const unknown = baseline.costNanos === null ? baseline.gateway : candidate.gateway;
    return { check: 'cost', verdict: 'inconclusive', reason: `cost unknown for ${unknown}`, metrics };
  }
  const criterion = amountCriterion('cost', costValues(samples.baseline), costValues(samples.candidate), thresholds.ratio, alpha);
  const perBase = baseline.costNanos / baseline.ok;
  const perCand = candidate.costNanos / candidate.ok;
  const ratio = criterion?.ratio ?? (perBase === 0 ? (perCand === 0 ? 1 : Number.POSITIVE_INFINITY) : perCand / perBase);
  const priced: CostMetrics = Object.assign({}, metrics, { baselinePerRequestNanos: perBase, candidatePerRequestNanos: perCand, ratio: Number.isFinite(ratio) ? ratio : null, alpha, criteria: criterion === null ? [] : [criterion] });
  if (!comparableCost(baseline.costSource, candidate.costSource)) {
    return { check: 'cost', verdict: 'not-comparable', reason: `Costs are not like for like (an estimate of usage the gateway did not report), so not gated: ${detail(priced)}.`, metrics: priced };
  }
  return rejudgeCost({ check: 'cost', verdict: 'pass', reason: '', metrics: priced }, [criterion?.pValue ?? 1], 1);
}

/** Re-judge on adjusted p-values (one per criterion) within a Holm family of `family`, across `families` checks. */
export function rejudgeCost(check: CostCheck, adjusted: readonly number[], family: number, families = 1): CostCheck {
  const m = check.metrics;
  const c = m.criteria?.[0];
  if (c === undefined || m.alpha === undefined) return check;
  // Object.assign, not `{ ...a, b }` (a hidden class per object in V8; see latency.ts).
  const criterion = Object.assign({}, c, { pAdjusted: adjusted[0] ?? c.pValue });
  const metrics = Object.assign({}, m, { criteria: [criterion], holmFamily: family }, families > 1 ? { families } : {});
  return Object.assign({}, check, judgeAmount('Cost', criterion, m.alpha, detail(m)), { metrics });
}
