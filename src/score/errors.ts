/**
 * Errors of ordinary (non-contract) cases: the candidate's error rate against the baseline's,
 * by the rule of rates.ts (Fisher's exact test, Holm across cases, a practical size), with kinds
 * and request ids. Interrupted requests (the run was stopped) are not counted against either gateway.
 */
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { countedErrors, countedSamples } from './arm.ts';
import { judgeRates, rateCriterion, type RateCriterion } from './rates.ts';

export interface ErrorsMetrics {
  baselineErrors: number;
  candidateErrors: number;
  baselineErrorRate: number;
  candidateErrorRate: number;
  /** `kind×n, …` per gateway. */
  baselineKinds: string;
  candidateKinds: string;
  /** Up to 10 request ids of failed requests, space-separated. */
  candidateRequestIds: string;
  baselineRequestIds: string;
  /** The first message of the candidate's most frequent error kind, as the client saw it ("200: 2xx body is not JSON (text/html, 1.2 KB)…"); empty without errors. */
  candidateExample?: string;
  alpha: number;
  /** The comparison (kind `any`), with its evidence and interval. */
  criteria: RateCriterion[];
  /** Set by the gate: hypotheses in the Holm family. */
  holmFamily?: number;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across. */
  families?: number;
}

export type ErrorsCheck = CheckOf<'errors', ErrorsMetrics>;

/** The first example of the arm's most frequent error kind (interrupts aside), if recorded. */
function firstExample(arm: ArmSummary): string | undefined {
  const top = Object.entries(arm.errorKinds)
    .filter(([kind]) => kind !== 'interrupted')
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
  return top === undefined ? undefined : arm.errorDetail?.[top[0] as keyof NonNullable<ArmSummary['errorDetail']>]?.example || undefined;
}

function kinds(arm: ArmSummary): string {
  return Object.entries(arm.errorKinds)
    .filter(([kind]) => kind !== 'interrupted')
    .map(([kind, n]) => `${kind}×${n}`)
    .join(', ');
}

export function errorsCheck(baseline: ArmSummary, candidate: ArmSummary, limit: number, alpha: number): ErrorsCheck {
  const baseErrors = countedErrors(baseline);
  const candErrors = countedErrors(candidate);
  const baseSamples = countedSamples(baseline);
  const candSamples = countedSamples(candidate);
  const example = firstExample(candidate);
  const criterion = rateCriterion('any', { count: baseErrors, of: baseSamples }, { count: candErrors, of: candSamples }, limit, alpha);
  const metrics: ErrorsMetrics = {
    baselineErrors: baseErrors,
    candidateErrors: candErrors,
    baselineErrorRate: baseSamples === 0 ? 0 : baseErrors / baseSamples,
    candidateErrorRate: candSamples === 0 ? 0 : candErrors / candSamples,
    baselineKinds: kinds(baseline),
    candidateKinds: kinds(candidate),
    candidateRequestIds: candidate.errorRequestIds.slice(0, 10).join(' '),
    baselineRequestIds: baseline.errorRequestIds.slice(0, 10).join(' '),
    // Always set (empty without errors): one object shape for every case.
    candidateExample: example ?? '',
    alpha,
    criteria: [criterion],
  };
  if (baseSamples === 0 && candSamples === 0) return { check: 'errors', verdict: 'not-measured', reason: 'No request completed on either side.', metrics };
  return rejudgeErrors({ check: 'errors', verdict: 'pass', reason: '', metrics }, [criterion.pValue], 1);
}

/** Re-judge on Holm-adjusted p-values (one per criterion) within a family of `family` hypotheses. */
export function rejudgeErrors(check: ErrorsCheck, adjusted: readonly number[], family: number, families = 1): ErrorsCheck {
  const m = check.metrics;
  const criteria = m.criteria.map((c, i) => Object.assign({}, c, { pAdjusted: adjusted[i] ?? c.pValue }));
  const judged = judgeRates('Error rate', criteria, m.alpha);
  const ids = m.candidateRequestIds !== '' ? ` Candidate request ids: ${m.candidateRequestIds.split(' ').slice(0, 5).join(', ')}.` : '';
  const example = m.candidateExample ? ` (first: ${m.candidateExample})` : '';
  const kindsNote = m.candidateKinds !== '' ? ` Candidate errors: ${m.candidateKinds}${example}.` : '';
  // Object.assign: a literal opening with a spread gets a hidden class of its own per object in V8.
  return Object.assign({}, check, { verdict: judged.verdict, reason: `${judged.reason}${kindsNote}${ids}`, metrics: Object.assign({}, m, { criteria, holmFamily: family }, families > 1 ? { families } : {}) });
}
