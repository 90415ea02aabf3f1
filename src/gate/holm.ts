/**
 * Multiple testing across cases: every case's latency (and TTFT) test is one hypothesis, so
 * with hundreds of cases some would "regress" by chance. Holm–Bonferroni adjusts the raw
 * Mann-Whitney p-values per family (latency, ttft) and the check is re-judged on the
 * adjusted p; the practical-size condition is unchanged. Pure: returns new checks.
 */
import type { Thresholds } from '../config/schema.ts';
import { combineVerdicts } from '../score/case.ts';
import { latencyVerdict } from '../score/latency.ts';
import { holmAdjust } from '../score/stats.ts';
import type { LatencyCheck, TtftCheck } from '../score/latency.ts';
import type { CaseDecision, GateCase, GateCheck } from './digest.ts';
import { isRejudged } from './digest.ts';

type HolmCheck = LatencyCheck | TtftCheck;
/** The distribution check has its own adjustment, with the pooled test (gate/distribution.ts). */
const FAMILIES: readonly HolmCheck['check'][] = ['latency', 'ttft'];

function isHolm(check: GateCheck): check is HolmCheck {
  return isRejudged(check) && (check.check === 'latency' || check.check === 'ttft');
}

function adjustCheck(check: HolmCheck, pAdjusted: number, family: number, alpha: number): HolmCheck {
  const { practical = false, summary = '' } = check.metrics;
  const judged = latencyVerdict(check.check, practical, pAdjusted, alpha, summary, `Holm-adjusted p over ${family} cases`);
  return { ...check, ...judged, metrics: { ...check.metrics, pAdjusted, holmFamily: family } };
}

/** Each case's checks with latency/ttft re-judged on their Holm-adjusted p, and the case verdict that follows. */
export function holmDecisions(cases: readonly GateCase[], thresholds: Thresholds): CaseDecision[] {
  const alpha = thresholds.latency.alpha;
  const checks: GateCheck[][] = cases.map((c) => [...c.checks]);
  for (const family of FAMILIES) {
    const members: Array<{ caseIndex: number; index: number; check: HolmCheck; p: number }> = [];
    cases.forEach((c, caseIndex) => {
      c.checks.forEach((check, index) => {
        if (check.check === family && isHolm(check) && check.metrics.pValue !== undefined) {
          members.push({ caseIndex, index, check, p: check.metrics.pValue });
        }
      });
    });
    const adjusted = holmAdjust(members.map((m) => m.p));
    members.forEach((m, i) => {
      (checks[m.caseIndex] as GateCheck[])[m.index] = adjustCheck(m.check, adjusted[i] as number, members.length, alpha);
    });
  }
  return checks.map((cs) => ({ verdict: combineVerdicts(cs), checks: cs }));
}
