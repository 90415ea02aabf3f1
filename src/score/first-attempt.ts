/**
 * First-attempt errors, per kind: how often the first attempt of a request failed, whatever the
 * retries made of it. A candidate that answers 429 to 30 % of first attempts and succeeds on the
 * retry passes the (final) error rate; the application still pays for every retry. Judged per
 * kind by the rule of rates.ts (Fisher, Holm across cases, a practical size).
 */
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import { holmAdjust } from './stats.ts';
import { judgeRates, rateCriterion, type RateCriterion } from './rates.ts';

export interface FirstAttemptMetrics {
  /** Requests whose first attempt is known (interrupted ones left out). */
  baselineRequests: number;
  candidateRequests: number;
  /** `kind×n, …` of failed first attempts per gateway. */
  baselineKinds: string;
  candidateKinds: string;
  alpha: number;
  /** One comparison per kind seen on either side. */
  criteria: RateCriterion[];
  /** Set by the gate: hypotheses in the Holm family. */
  holmFamily?: number;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across. */
  families?: number;
}

export type FirstAttemptCheck = CheckOf<'first-attempt', FirstAttemptMetrics>;

interface Tally {
  requests: number;
  byKind: Map<string, number>;
}

function tally(samples: readonly Sample[]): Tally {
  const byKind = new Map<string, number>();
  let requests = 0;
  for (const s of samples) {
    if (s.firstError === undefined || (s.kind === 'error' && s.error.kind === 'interrupted')) continue;
    requests++;
    if (s.firstError !== null) byKind.set(s.firstError.kind, (byKind.get(s.firstError.kind) ?? 0) + 1);
  }
  return { requests, byKind };
}

const kinds = (t: Tally): string => [...t.byKind].map(([k, n]) => `${k}×${n}`).join(', ');

export function firstAttemptCheck(baseline: readonly Sample[], candidate: readonly Sample[], limit: number, alpha: number): FirstAttemptCheck {
  const b = tally(baseline);
  const c = tally(candidate);
  const all = [...new Set([...c.byKind.keys(), ...b.byKind.keys()])].sort();
  const criteria = all.map((kind) => rateCriterion(kind, { count: b.byKind.get(kind) ?? 0, of: b.requests }, { count: c.byKind.get(kind) ?? 0, of: c.requests }, limit, alpha));
  const metrics: FirstAttemptMetrics = { baselineRequests: b.requests, candidateRequests: c.requests, baselineKinds: kinds(b), candidateKinds: kinds(c), alpha, criteria };
  if (b.requests === 0 && c.requests === 0) {
    return { check: 'first-attempt', verdict: 'not-measured', reason: 'First attempts not recorded on either side (samples from an older cutover).', metrics };
  }
  return rejudgeFirstAttempt({ check: 'first-attempt', verdict: 'pass', reason: '', metrics }, holmAdjust(criteria.map((x) => x.pValue)), criteria.length);
}

export function rejudgeFirstAttempt(check: FirstAttemptCheck, adjusted: readonly number[], family: number, families = 1): FirstAttemptCheck {
  const m = check.metrics;
  // Object.assign: a literal opening with a spread gets a hidden class of its own per object in V8.
  const criteria = m.criteria.map((x, i) => Object.assign({}, x, { pAdjusted: adjusted[i] ?? x.pValue }));
  return Object.assign({}, check, judgeRates('First-attempt errors', criteria, m.alpha), { metrics: Object.assign({}, m, { criteria, holmFamily: family }, families > 1 ? { families } : {}) });
}
