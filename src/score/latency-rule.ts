/**
 * The one rule for a latency criterion (a quantile's ratio candidate ÷ baseline against its
 * limit), the same per case, at run level and in rollout:
 *   - evidence: the criterion's one-sided test, p < alpha after the multiple-testing adjustment
 *     (Mann-Whitney for p50, the bootstrap of the quantile ratio for p95/p99, signed-rank over
 *     cases at run level);
 *   - practical: the 95 % interval of the ratio reaches 1 + limit (a slowdown of the limit's
 *     size is consistent with the data).
 * evidence and practical → fail · evidence without practical (slower, but the interval stays
 * under the limit) → pass, the gap shown · practical size without evidence (the estimate is over
 * the limit, the test is not significant) → pass, the gap shown as not significant · every pass
 * says what the check could have detected at its sizes.
 *
 * Why pass and not inconclusive for an unproven gap: with few samples a gap over the limit is
 * what noise produces between identical gateways in a good share of cases, so "inconclusive"
 * would flag them on most runs (and fail them under --strict). The pass claims no more than was
 * measured: it names the gap and the smallest slowdown it could have seen. `inconclusive` stays
 * for "measured, but too little to judge at all" (fewer than minSamples, one side unpriced).
 */
import type { CheckVerdict } from '../gate/types.ts';
import { formatDetectable } from './power.ts';

export type QuantileName = 'p50' | 'p95' | 'p99';

export interface Criterion {
  quantile: QuantileName;
  /** Point estimate candidate ÷ baseline. */
  ratio: number;
  /** 95 % interval of the ratio. */
  lower: number;
  upper: number;
  limit: number;
  test: string;
  /** Raw one-sided p (the gate adjusts it across the run). */
  pValue: number;
  /** Set by the gate: Holm-adjusted p. */
  pAdjusted?: number;
  /** Smallest slowdown (ratio − 1) this criterion detects with 80 % power at these sizes; Infinity: none. */
  detectable: number;
}

export const pct = (r: number): string => `${r >= 1 ? '+' : '−'}${Math.abs((r - 1) * 100).toFixed(0)} %`;

export function practical(c: Criterion): boolean {
  return c.upper >= 1 + c.limit;
}

function evidence(c: Criterion, alpha: number): boolean {
  return (c.pAdjusted ?? c.pValue) < alpha;
}

function shown(c: Criterion): string {
  return `${c.quantile} ${pct(c.ratio)} (95 % CI ${pct(c.lower)} … ${pct(c.upper)}, limit +${Math.round(c.limit * 100)} %)`;
}

function p(c: Criterion): string {
  const adjusted = c.pAdjusted !== undefined ? `, Holm-adjusted ${c.pAdjusted.toPrecision(3)}` : '';
  return `${c.test} p = ${c.pValue.toPrecision(3)}${adjusted}`;
}

/** "could have detected ≥ +35 % p50, ≥ +60 % p95" — said next to every pass. */
export function detectableText(criteria: readonly Criterion[]): string {
  if (criteria.length === 0) return '';
  return `could have detected ${criteria.map((c) => `${Number.isFinite(c.detectable) ? '≥ ' : ''}${formatDetectable(c.detectable)} ${c.quantile}`).join(', ')}`;
}

/** Verdict and reason of a set of criteria; `label` names the measure ("E2E latency", "TTFT" …). */
export function judgeCriteria(label: string, criteria: readonly Criterion[], alpha: number): { verdict: CheckVerdict; reason: string } {
  const failing = criteria.filter((c) => evidence(c, alpha) && practical(c));
  if (failing.length > 0) return { verdict: 'fail', reason: `${label} regressed: ${failing.map((c) => `${shown(c)}, ${p(c)}`).join('; ')}.` };
  const could = detectableText(criteria);
  const unclear = criteria.filter((c) => !evidence(c, alpha) && c.ratio > 1 + c.limit);
  if (unclear.length > 0) {
    return {
      verdict: 'pass',
      reason: `${label} looks slower (${unclear.map(shown).join('; ')}) but not significantly (${unclear.map(p).join('; ')}, alpha ${alpha}): treated as noise — ${could}; more repeats would tell.`,
    };
  }
  const small = criteria.filter((c) => evidence(c, alpha));
  const smallNote = small.length > 0 ? ` Slower but under the limit: ${small.map((c) => `${shown(c)}, ${p(c)}`).join('; ')}.` : '';
  const ratios = criteria.map((c) => `${c.quantile} ${pct(c.ratio)}`).join(', ');
  return { verdict: 'pass', reason: `${label} pass: ${ratios}${could ? ` — ${could}` : ''}.${smallNote}` };
}
