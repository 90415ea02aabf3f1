/**
 * Multiple testing across cases: every criterion of every case (a latency quantile, an error
 * kind) is one hypothesis, so with hundreds of cases some would "regress" by chance. Holm–
 * Bonferroni adjusts the raw p-values within one family per check (latency, ttft, app-latency,
 * errors, first-attempt, cost, tokens) over the whole run, and each check is re-judged on the adjusted p-values
 * (and, for latency, says what it could detect in a family that size). Pure: returns new checks.
 */
import { combineVerdicts } from '../score/case.ts';
import { rejudgeCost } from '../score/cost.ts';
import { rejudgeErrors } from '../score/errors.ts';
import { rejudgeTokens } from '../score/tokens.ts';
import { rejudgeFirstAttempt } from '../score/first-attempt.ts';
import { rejudgeLatency } from '../score/latency.ts';
import { holmAdjust } from '../score/stats.ts';
import type { CaseDecision, GateCase, GateCheck, HolmCheck, RejudgedCheck } from './digest.ts';
import { hypotheses, isRejudged, REJUDGED_NAMES } from './digest.ts';

function rejudge(check: HolmCheck, adjusted: readonly number[], family: number): RejudgedCheck {
  switch (check.check) {
    case 'latency':
    case 'ttft':
    case 'app-latency':
      return rejudgeLatency(check, adjusted, family);
    case 'errors':
      return rejudgeErrors(check, adjusted, family);
    case 'first-attempt':
      return rejudgeFirstAttempt(check, adjusted, family);
    case 'cost':
      return rejudgeCost(check, adjusted, family);
    case 'tokens':
      return rejudgeTokens(check, adjusted, family);
  }
}

/** Each case's checks re-judged on their Holm-adjusted p-values, and the case verdict that follows. */
export function holmDecisions(cases: readonly GateCase[]): CaseDecision[] {
  const checks: GateCheck[][] = cases.map((c) => [...c.checks]);
  for (const family of REJUDGED_NAMES) {
    const members: Array<{ caseIndex: number; index: number; check: HolmCheck; tested: Array<{ index: number; p: number }> }> = [];
    cases.forEach((c, caseIndex) => {
      c.checks.forEach((check, index) => {
        if (!isRejudged(check) || check.check === 'distribution' || check.check !== family) return;
        const tested = hypotheses(check);
        if (tested.length > 0) members.push({ caseIndex, index, check, tested });
      });
    });
    const adjusted = holmAdjust(members.flatMap((m) => m.tested.map((t) => t.p)));
    let at = 0;
    for (const m of members) {
      // Criteria left out of the family keep their raw p.
      const perCriterion = (m.check.metrics.criteria ?? []).map((c: { pValue: number }) => c.pValue);
      for (const t of m.tested) perCriterion[t.index] = adjusted[at++] as number;
      (checks[m.caseIndex] as GateCheck[])[m.index] = rejudge(m.check, perCriterion, adjusted.length);
    }
  }
  return checks.map((cs) => ({ verdict: combineVerdicts(cs), checks: cs }));
}
