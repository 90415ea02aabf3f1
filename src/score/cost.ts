/**
 * Cost per case: mean cost per successful request, candidate vs baseline, with the source of
 * every number (provenance.ts). Unknown cost on either side is inconclusive with a finding,
 * never zero; an estimate on either side is shown, not gated.
 * Only an increase above thresholds.cost.ratio fails; a saving is reported.
 */
import type { Thresholds } from '../config/schema.ts';
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { comparableCost } from '../gateway/provenance.ts';
import { perRequestRatio } from './arm.ts';

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
}

export type CostCheck = CheckOf<'cost', CostMetrics>;

const usd = (nanos: number): string => `$${(nanos / 1e9).toFixed(6)}`;

export function costCheck(baseline: ArmSummary, candidate: ArmSummary, thresholds: Thresholds['cost']): CostCheck {
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
  const perBase = baseline.costNanos / baseline.ok;
  const perCand = candidate.costNanos / candidate.ok;
  const ratio = perRequestRatio(perCand, perBase);
  const priced: CostMetrics = Object.assign({}, metrics, { baselinePerRequestNanos: perBase, candidatePerRequestNanos: perCand, ratio: Number.isFinite(ratio) ? ratio : null });
  const shown = `${usd(perCand)} vs ${usd(perBase)} per request (${candidate.costSource} vs ${baseline.costSource})`;
  if (!comparableCost(baseline.costSource, candidate.costSource)) {
    return { check: 'cost', verdict: 'not-comparable', reason: `Costs are not like for like (an estimate of usage the gateway did not report), so not gated: ${shown}.`, metrics: priced };
  }
  if (ratio > 1 + thresholds.ratio) {
    return { check: 'cost', verdict: 'fail', reason: `Cost up ×${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}: ${shown}.`, metrics: priced };
  }
  return { check: 'cost', verdict: 'pass', reason: `Cost ×${ratio.toFixed(2)}: ${shown}.`, metrics: priced };
}
