/**
 * Latency regression check (E2E, and TTFT on streamed samples): candidate vs the live
 * baseline measured in the same run. A regression needs all three of
 *   - practical size: p50 ratio > 1 + p50, or p95 ratio > 1 + p95 (or p99, only when both
 *     arms have ≥ p99MinSamples),
 *   - statistical evidence: one-sided Mann-Whitney p < alpha (the gate later re-judges this
 *     with Holm-adjusted p across cases),
 *   - at least minSamples per arm.
 * Too few samples → inconclusive; a practical-size difference without evidence → pass (noise), with the gap in the reason.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf, CheckVerdict } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { CaseThresholds } from '../suite/types.ts';
import { mannWhitneyGreater } from './rank-tests.ts';
import { summarise } from './stats.ts';

export type LatencyCheckName = 'latency' | 'ttft';

export interface LatencyMetrics {
  nBaseline: number;
  nCandidate: number;
  baselineP50: number | null;
  candidateP50: number | null;
  baselineP95: number | null;
  candidateP95: number | null;
  /** The rest only once both arms have enough samples to be judged. */
  baselineP99?: number | null;
  candidateP99?: number | null;
  p50Ratio?: number | null;
  p95Ratio?: number | null;
  p99Ratio?: number | null;
  p50Limit?: number;
  p95Limit?: number;
  /** Practical size: some ratio over its limit. */
  practical?: boolean;
  /** Raw one-sided Mann-Whitney p (the gate re-judges on the Holm-adjusted one). */
  pValue?: number;
  uStatistic?: number;
  test?: string;
  alpha?: number;
  /** The ratios over their limits (or the ratios), as the reason shows them. */
  summary?: string;
  /** Set by the gate: Holm-adjusted p and the size of the family it was adjusted in. */
  pAdjusted?: number;
  holmFamily?: number;
}

export type LatencyCheck = CheckOf<'latency', LatencyMetrics>;
export type TtftCheck = CheckOf<'ttft', LatencyMetrics>;

export function e2eValues(samples: readonly Sample[]): number[] {
  return samples.filter((s) => s.kind === 'ok').map((s) => s.timings.e2eMs);
}

export function ttftValues(samples: readonly Sample[]): number[] {
  const out: number[] = [];
  for (const s of samples) if (s.kind === 'ok' && s.stream && s.timings.ttftMs !== null) out.push(s.timings.ttftMs);
  return out;
}

function ratio(candidate: number | null, baseline: number | null): number | null {
  if (candidate === null || baseline === null || baseline <= 0) return null;
  return candidate / baseline;
}

const pct = (r: number): string => `${r >= 1 ? '+' : '−'}${Math.abs((r - 1) * 100).toFixed(0)} %`;

/** Decide from a (possibly Holm-adjusted) p-value; shared with the gate so both say the same. */
export function latencyVerdict(
  check: LatencyCheckName,
  practical: boolean,
  pValue: number,
  alpha: number,
  summary: string,
  pLabel = 'p',
): { verdict: CheckVerdict; reason: string } {
  const label = check === 'ttft' ? 'TTFT' : 'E2E latency';
  const evidence = `${pLabel} = ${pValue.toPrecision(3)}, alpha ${alpha}`;
  if (practical && pValue < alpha) return { verdict: 'fail', reason: `${label} regressed: ${summary} (Mann-Whitney ${evidence}).` };
  // Enough samples and no evidence: the observed gap is within what noise produces. Calling it
  // inconclusive would flag identical gateways on every run; the reason still shows the gap.
  if (practical) {
    return {
      verdict: 'pass',
      reason: `${label} looks slower (${summary}) but the difference is not significant (${evidence}); treated as noise — more repeats would tell.`,
    };
  }
  return { verdict: 'pass', reason: `${label} within thresholds: ${summary}.` };
}

/** TTFT applies to streamed cases only; elsewhere it is skipped (there is nothing to measure by design). */
export function ttftCheck(streamed: boolean, baselineMs: readonly number[], candidateMs: readonly number[], thresholds: Thresholds['latency'], caseThresholds: Readonly<CaseThresholds> = {}): TtftCheck {
  if (streamed) return latencyCheck('ttft', baselineMs, candidateMs, thresholds, caseThresholds);
  const metrics: LatencyMetrics = { nBaseline: 0, nCandidate: 0, baselineP50: null, candidateP50: null, baselineP95: null, candidateP95: null };
  return { check: 'ttft', verdict: 'skipped', reason: 'Case is not streamed.', metrics };
}

export function latencyCheck<N extends LatencyCheckName>(
  check: N,
  baselineMs: readonly number[],
  candidateMs: readonly number[],
  thresholds: Thresholds['latency'],
  caseThresholds: Readonly<CaseThresholds> = {},
): CheckOf<N, LatencyMetrics> {
  const base = summarise(baselineMs);
  const cand = summarise(candidateMs);
  const metrics: LatencyMetrics = {
    nBaseline: base.n,
    nCandidate: cand.n,
    baselineP50: base.p50,
    candidateP50: cand.p50,
    baselineP95: base.p95,
    candidateP95: cand.p95,
  };
  if (base.n === 0 && cand.n === 0) {
    // Nothing to measure on either side: shown, never gated, never inconclusive.
    const reason = check === 'ttft' ? 'No successful streamed sample on either side.' : 'No successful sample on either side.';
    return { check, verdict: 'not-measured', reason, metrics };
  }
  if (base.n < thresholds.minSamples || cand.n < thresholds.minSamples) {
    return {
      check,
      verdict: 'inconclusive',
      reason: `Too few samples to judge ${check}: ${base.n} baseline / ${cand.n} candidate, need ${thresholds.minSamples} per arm.`,
      metrics,
    };
  }
  const p50Limit = caseThresholds.latencyP50 ?? thresholds.p50;
  const p95Limit = caseThresholds.latencyP95 ?? thresholds.p95;
  const p50Ratio = ratio(cand.p50, base.p50);
  const p95Ratio = ratio(cand.p95, base.p95);
  const p99Gated = base.n >= thresholds.p99MinSamples && cand.n >= thresholds.p99MinSamples;
  const p99Ratio = p99Gated ? ratio(cand.p99, base.p99) : null;
  const test = mannWhitneyGreater(baselineMs, candidateMs);
  const over: string[] = [];
  if (p50Ratio !== null && p50Ratio > 1 + p50Limit) over.push(`p50 ${pct(p50Ratio)} (limit +${p50Limit * 100} %)`);
  if (p95Ratio !== null && p95Ratio > 1 + p95Limit) over.push(`p95 ${pct(p95Ratio)} (limit +${p95Limit * 100} %)`);
  if (p99Ratio !== null && p99Ratio > 1 + thresholds.p99) over.push(`p99 ${pct(p99Ratio)} (limit +${thresholds.p99 * 100} %)`);
  const practical = over.length > 0;
  const summary = practical
    ? over.join(', ')
    : `p50 ${p50Ratio === null ? 'n/a' : pct(p50Ratio)}, p95 ${p95Ratio === null ? 'n/a' : pct(p95Ratio)}`;
  const judged: LatencyMetrics = {
    ...metrics,
    baselineP99: p99Gated ? base.p99 : null,
    candidateP99: p99Gated ? cand.p99 : null,
    p50Ratio,
    p95Ratio,
    p99Ratio,
    p50Limit,
    p95Limit,
    practical,
    pValue: test.pValue,
    uStatistic: test.statistic,
    test: `mann-whitney-${test.method}`,
    alpha: thresholds.alpha,
    summary,
  };
  return { check, ...latencyVerdict(check, practical, test.pValue, thresholds.alpha, summary), metrics: judged };
}
