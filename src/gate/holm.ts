/**
 * Multiple testing across cases: every case's latency (and TTFT) test is one hypothesis, so
 * with hundreds of cases some would "regress" by chance. Holm–Bonferroni adjusts the raw
 * Mann-Whitney p-values per family (latency, ttft) and the check is re-judged on the
 * adjusted p; the practical-size condition is unchanged.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckResult } from './types.ts';
import type { GateCase } from './digest.ts';
import { latencyVerdict, type LatencyCheckName } from '../score/latency.ts';
import { combineVerdicts } from '../score/case.ts';
import { holmAdjust } from '../score/stats.ts';

const FAMILIES: readonly LatencyCheckName[] = ['latency', 'ttft'];

function adjustCheck(check: CheckResult, pAdjusted: number, family: number, alpha: number): CheckResult {
  const practical = check.metrics['practical'] === true;
  const summary = typeof check.metrics['summary'] === 'string' ? check.metrics['summary'] : '';
  const judged = latencyVerdict(check.check as LatencyCheckName, practical, pAdjusted, alpha, summary, `Holm-adjusted p over ${family} cases`);
  return { ...check, ...judged, metrics: { ...check.metrics, pAdjusted, holmFamily: family } };
}

/**
 * Rewrites each case's latency/ttft check with its Holm-adjusted p-value and recomputes the
 * case verdict. Mutates the given results in place, so reports show what the gate decided.
 */
export function applyHolm(cases: readonly GateCase[], thresholds: Thresholds): void {
  const alpha = thresholds.latency.alpha;
  for (const family of FAMILIES) {
    const members: Array<{ result: GateCase; index: number; p: number }> = [];
    for (const result of cases) {
      result.checks.forEach((check, index) => {
        const p = check.metrics['pValue'];
        if (check.check === family && typeof p === 'number') members.push({ result, index, p });
      });
    }
    const adjusted = holmAdjust(members.map((m) => m.p));
    members.forEach((m, i) => {
      const check = m.result.checks[m.index] as CheckResult;
      m.result.checks[m.index] = adjustCheck(check, adjusted[i] as number, members.length, alpha);
    });
  }
  for (const result of cases) result.verdict = combineVerdicts(result.checks);
}
