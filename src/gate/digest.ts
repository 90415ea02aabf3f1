/**
 * What the gate needs of a case, and nothing more. A full CaseResult carries every check's
 * metrics, percentiles and output texts (~5 KB in memory); a digest keeps the verdicts, the
 * checks the gate re-judges across cases (whole, they are small) and the arms' counts (~1 KB),
 * so an eval can write full results to disk as they are scored and gate the run from digests.
 * After the gate, `applyDecision` gives a full case read back from disk the gate's decision.
 */
import type { ArmSummary, CaseResult, CheckName, CheckResult, CheckVerdict, Verdict } from './types.ts';
import type { LatencyCheck, TtftCheck } from '../score/latency.ts';
import type { DistributionCheck } from '../score/distribution.ts';

/** The arm figures the run-level checks add up. */
export type ArmCounts = Pick<ArmSummary, 'samples' | 'ok' | 'errors' | 'errorKinds' | 'costNanos' | 'costSource'>;

/** Checks the gate re-judges across cases (Holm): kept whole in a digest, typed. */
export type RejudgedCheck = LatencyCheck | TtftCheck | DistributionCheck;
export type RejudgedName = RejudgedCheck['check'];
const REJUDGED: ReadonlySet<CheckName> = new Set<RejudgedName>(['latency', 'ttft', 'distribution']);

export function isRejudged(check: { check: CheckName }): check is RejudgedCheck {
  return REJUDGED.has(check.check);
}

/** Any other check: its verdict is final when scored, so the gate reads only that. */
export interface SettledCheck {
  check: Exclude<CheckName, RejudgedName>;
  verdict: CheckVerdict;
  reason: string;
}

/** A check as the gate sees it; every full CheckResult is one. */
export type GateCheck = RejudgedCheck | SettledCheck;

/** Anything the gate can judge: a full CaseResult, or its digest. */
export interface GateCase {
  caseId: string;
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

function armCounts(arm: ArmSummary): ArmCounts {
  return { samples: arm.samples, ok: arm.ok, errors: arm.errors, errorKinds: arm.errorKinds, costNanos: arm.costNanos, costSource: arm.costSource };
}

function digestCheck(check: GateCheck): GateCheck {
  if (check.check === 'distribution' && isRejudged(check)) {
    // The completions shown in the report stay in the full case, not in the gate's digest.
    const { examples: _shown, ...metrics } = check.metrics;
    return { ...check, metrics };
  }
  if (isRejudged(check)) return check;
  // Other checks' verdicts are final; only a failure's reason is shown at run level.
  return { check: check.check, verdict: check.verdict, reason: check.verdict === 'fail' ? check.reason : '' };
}

export function digestCase(c: CaseResult): GateCase {
  return {
    caseId: c.caseId,
    status: c.status,
    verdict: c.verdict,
    checks: c.checks.map(digestCheck),
    findings: c.findings,
    ...(c.contract !== undefined ? { contract: c.contract } : {}),
    baseline: armCounts(c.baseline),
    candidate: armCounts(c.candidate),
  };
}

/**
 * The full case as the gate decided it: the decision's verdict, and its re-judged checks (the
 * full check plus what the gate added: adjusted p, family size). Equal to gating the full case.
 * Returns a new case; `full` is not changed.
 */
export function applyDecision(full: CaseResult, decision: CaseDecision | undefined): CaseResult {
  if (decision === undefined) return full;
  const checks = full.checks.map((check) => {
    if (!isRejudged(check)) return check;
    const decided = decision.checks[full.checks.indexOf(check)];
    if (decided === undefined || decided.check !== check.check || !isRejudged(decided)) return check;
    // Same variant on both sides (checked by name above); the gate's metrics win over the scored ones.
    return { ...check, verdict: decided.verdict, reason: decided.reason, metrics: { ...check.metrics, ...decided.metrics } } as CheckResult;
  });
  return { ...full, verdict: decision.verdict, checks };
}
