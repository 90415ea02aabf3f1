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
import type { CheckResult } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { CaseThresholds } from '../suite/types.ts';
import { mannWhitneyGreater } from './rank-tests.ts';
import { summarise } from './stats.ts';

export type LatencyCheckName = 'latency' | 'ttft';

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
): Pick<CheckResult, 'verdict' | 'reason'> {
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

export function latencyCheck(
  check: LatencyCheckName,
  baselineMs: readonly number[],
  candidateMs: readonly number[],
  thresholds: Thresholds['latency'],
  caseThresholds: Readonly<CaseThresholds> = {},
): CheckResult {
  const base = summarise(baselineMs);
  const cand = summarise(candidateMs);
  const metrics: CheckResult['metrics'] = {
    nBaseline: base.n,
    nCandidate: cand.n,
    baselineP50: base.p50,
    candidateP50: cand.p50,
    baselineP95: base.p95,
    candidateP95: cand.p95,
  };
  if (base.n === 0 && cand.n === 0) {
    return { check, verdict: 'skipped', reason: check === 'ttft' ? 'No streamed samples.' : 'No successful samples.', metrics };
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
  Object.assign(metrics, {
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
  });
  return { check, ...latencyVerdict(check, practical, test.pValue, thresholds.alpha, summary), metrics };
}
