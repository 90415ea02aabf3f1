/**
 * What the gate needs of a case, and nothing more. A full CaseResult carries every check's
 * metrics, percentiles and output texts (~5 KB in memory); a digest keeps the verdicts, the
 * checks the gate re-judges across cases (whole, they are small) and the arms' counts (~1 KB),
 * so an eval can write full results to disk as they are scored and gate the run from digests.
 * After the gate, `applyDecision` gives a full case read back from disk the gate's decision.
 */
import type { ArmSummary, CaseResult, CheckName, CheckResult, CheckVerdict, Verdict } from './types.ts';
import type { DistributionCheck } from '../score/distribution.ts';
import type { ErrorsCheck } from '../score/errors.ts';
import type { FirstAttemptCheck } from '../score/first-attempt.ts';
import type { CostCheck } from '../score/cost.ts';
import type { TokensCheck } from '../score/tokens.ts';
import type { AppLatencyCheck, LatencyCheck, TtftCheck } from '../score/latency.ts';

/** The arm figures the run-level checks add up. */
export type ArmCounts = Pick<ArmSummary, 'samples' | 'ok' | 'errors' | 'errorKinds' | 'costNanos' | 'costSource' | 'promptTokens' | 'completionTokens'>;

/** Checks the gate re-judges across cases (Holm, one family per check; distribution: gate/distribution.ts): kept whole in a digest, typed. */
export type RejudgedCheck = LatencyCheck | TtftCheck | AppLatencyCheck | ErrorsCheck | FirstAttemptCheck | CostCheck | TokensCheck | DistributionCheck;
export type RejudgedName = RejudgedCheck['check'];
/** The checks gate/holm.ts adjusts, one family each. */
export const REJUDGED_NAMES = ['latency', 'ttft', 'app-latency', 'errors', 'first-attempt', 'cost', 'tokens'] as const;
export type HolmCheck = Exclude<RejudgedCheck, DistributionCheck>;
const REJUDGED: ReadonlySet<CheckName> = new Set<CheckName>([...REJUDGED_NAMES, 'distribution']);

/** A check the gate re-judges, with its metrics (a digest keeps only the verdict of one with nothing to adjust). */
export function isRejudged(check: GateCheck): check is RejudgedCheck {
  return REJUDGED.has(check.check) && 'metrics' in check;
}

/** A check whose verdict is final when scored (or one with no hypothesis to adjust): the gate reads only that. */
export interface SettledCheck {
  check: CheckName;
  verdict: CheckVerdict;
  reason: string;
}

/** A check as the gate sees it; every full CheckResult is one. */
export type GateCheck = RejudgedCheck | SettledCheck;

/** Anything the gate can judge: a full CaseResult, or its digest. */
export interface GateCase {
  caseId: string;
  notComparable?: readonly string[];
  status: CaseResult['status'];
  verdict: Verdict;
  checks: readonly GateCheck[];
  findings: readonly string[];
  contract?: CaseResult['contract'];
  baseline: ArmCounts;
  candidate: ArmCounts;
}

/** The gate's decision for one case: its verdict and its checks after the cross-case adjustment. */
export interface CaseDecision {
  verdict: Verdict;
  /** Same order and length as the case's checks; re-judged ones carry the adjusted p. */
  checks: readonly GateCheck[];
}

/** Whether the gate has anything to adjust in this check (skipped or not-measured ones have not). */
export function hasHypotheses(check: RejudgedCheck): boolean {
  return hypotheses(check).length > 0;
}

/**
 * The raw p-values a check contributes to its Holm family, with the criterion each belongs to.
 * Rate comparisons that can never reach alpha (too few events) are left out (Tarone).
 */
export function hypotheses(check: RejudgedCheck): Array<{ index: number; p: number }> {
  // Not-comparable checks (a feature ignored on one side) are shown, never gated: no hypothesis, never re-judged.
  if (check.verdict === 'skipped' || check.verdict === 'not-measured' || check.verdict === 'not-comparable' || check.check === 'distribution') return [];
  const criteria: ReadonlyArray<{ pValue: number; minP?: number }> = check.metrics.criteria ?? [];
  const alpha = check.metrics.alpha ?? 0.05;
  return criteria.flatMap((c, index) => (c.minP === undefined || c.minP < alpha ? [{ index, p: c.pValue }] : []));
}

const NO_ERROR_KINDS: ArmSummary['errorKinds'] = Object.freeze({});
const NO_FINDINGS: readonly string[] = Object.freeze([]);

function armCounts(arm: ArmSummary): ArmCounts {
  // Most arms have no errors: one shared empty record instead of one per arm (the gate only reads it).
  const errorKinds = Object.keys(arm.errorKinds).length === 0 ? NO_ERROR_KINDS : arm.errorKinds;
  return { samples: arm.samples, ok: arm.ok, errors: arm.errors, errorKinds, costNanos: arm.costNanos, costSource: arm.costSource, promptTokens: arm.promptTokens, completionTokens: arm.completionTokens };
}

/** Settled checks with nothing to show (every case has several): one shared, frozen object per check and verdict. */
const SETTLED = new Map<string, SettledCheck>();
function settled(check: CheckName, verdict: CheckVerdict): SettledCheck {
  const key = `${check} ${verdict}`;
  let s = SETTLED.get(key);
  if (s === undefined) SETTLED.set(key, (s = Object.freeze({ check, verdict, reason: '' })));
  return s;
}

/**
 * Whether the gate's Holm step rebuilds this check's reason from its metrics (every check it keeps
 * with a hypothesis goes through it: gate/holm.ts), so that the digest need not keep the scored one.
 */
function reasonRebuilt(check: RejudgedCheck): boolean {
  if (check.check === 'distribution' || !hasHypotheses(check)) return false;
  if (check.check === 'errors' || check.check === 'first-attempt') return true;
  return check.metrics.alpha !== undefined;
}

function digestCheck(check: GateCheck): GateCheck {
  if (isRejudged(check) && check.check === 'distribution') {
    // Measured or not measured, the gate decides or counts it; any other (skipped, not comparable) it passes through.
    if (check.metrics.pValue === undefined && check.verdict !== 'not-measured') return check.verdict === 'fail' ? { check: check.check, verdict: check.verdict, reason: check.reason } : settled(check.check, check.verdict);
    // The completions shown in the report stay in the full case, not in the gate's digest.
    const { examples: _shown, ...metrics } = check.metrics;
    return { ...check, metrics };
  }
  // First-attempt counts are pooled at run level, so that check is kept whole even with nothing to adjust.
  if (isRejudged(check) && (hasHypotheses(check) || check.check === 'first-attempt')) {
    // The scored reason (often a two-byte string of ~130 characters) is replaced by the gate's.
    return reasonRebuilt(check) ? Object.assign({}, check, { reason: '' }) : check;
  }
  // Other checks' verdicts are final; only a failure's reason is shown at run level.
  return check.verdict === 'fail' ? { check: check.check, verdict: check.verdict, reason: check.reason } : settled(check.check, check.verdict);
}

export function digestCase(c: CaseResult): GateCase {
  return {
    caseId: c.caseId,
    status: c.status,
    verdict: c.verdict,
    checks: c.checks.map(digestCheck),
    findings: c.findings.length === 0 ? NO_FINDINGS : c.findings,
    ...(c.contract !== undefined ? { contract: c.contract } : {}),
    ...(c.notComparable !== undefined ? { notComparable: c.notComparable } : {}),
    baseline: armCounts(c.baseline),
    candidate: armCounts(c.candidate),
  };
}

/**
 * The full case as the gate decided it: the decision's verdict, and its re-judged checks (with
 * what the gate added: adjusted p-values, family size). Equal to gating the full case.
 * Returns a new case; `full` is not changed.
 */
export function applyDecision(full: CaseResult, decision: CaseDecision | undefined): CaseResult {
  if (decision === undefined) return full;
  const checks = full.checks.map((check) => {
    if (!isRejudged(check)) return check;
    const decided = decision.checks[full.checks.indexOf(check)];
    // A digest keeps re-judged checks whole, so the decided check is the full check as gated.
    if (decided === undefined || decided.check !== check.check || !isRejudged(decided)) return check;
    // The digest drops the distribution check's shown completions: the gate's metrics win over the scored ones.
    if (decided.check === 'distribution') return { ...check, verdict: decided.verdict, reason: decided.reason, metrics: { ...check.metrics, ...decided.metrics } } as CheckResult;
    return decided;
  });
  // Object.assign, not `{ ...full, … }`: V8 gives every such literal its own hidden class (this runs per case on every report pass).
  return Object.assign({}, full, { verdict: decision.verdict, checks });
}
