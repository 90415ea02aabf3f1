/**
 * What the gate needs of a case, and nothing more. A full CaseResult carries every check's
 * metrics, percentiles and output texts (~5 KB in memory); a digest keeps the verdicts, the
 * latency/TTFT numbers Holm and the overall tests read, and the arms' counts (~1 KB), so an
 * eval can write full results to disk as they are scored and gate the run from digests.
 * After the gate, `finalizeCase` gives a full case read back from disk the gate's decision.
 */
import type { ArmSummary, CaseResult, CheckResult } from './types.ts';

/** The arm figures the run-level checks add up. */
export type ArmCounts = Pick<ArmSummary, 'samples' | 'ok' | 'errors' | 'errorKinds' | 'costNanos'>;

/** Anything the gate can judge: a full CaseResult, or its digest. */
export type GateCase = Pick<CaseResult, 'caseId' | 'status' | 'verdict' | 'checks' | 'findings' | 'contract'> & {
  baseline: ArmCounts;
  candidate: ArmCounts;
};

/** Checks the gate re-judges across cases (Holm); their metrics are what it reads. */
const REJUDGED = new Set<CheckResult['check']>(['latency', 'ttft']);
/** Of a re-judged check's metrics, the ones Holm and the overall latency test read. */
const KEPT_METRICS = ['pValue', 'practical', 'summary', 'baselineP50', 'candidateP50'] as const;

function armCounts(arm: ArmSummary): ArmCounts {
  return { samples: arm.samples, ok: arm.ok, errors: arm.errors, errorKinds: arm.errorKinds, costNanos: arm.costNanos };
}

function digestCheck(check: CheckResult): CheckResult {
  if (REJUDGED.has(check.check)) {
    const metrics: CheckResult['metrics'] = {};
    for (const key of KEPT_METRICS) if (key in check.metrics) metrics[key] = check.metrics[key] ?? null;
    return { check: check.check, verdict: check.verdict, reason: check.reason, metrics };
  }
  // Other checks' verdicts are final; only a failure's reason is shown at run level.
  return { check: check.check, verdict: check.verdict, reason: check.verdict === 'fail' ? check.reason : '', metrics: {} };
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
 * The full case as the gate decided it: the digest's verdict, and its re-judged checks with the
 * full metrics plus what the gate added (adjusted p, family size). Equal to running the gate on
 * the full case itself.
 */
export function finalizeCase(full: CaseResult, gated: GateCase): CaseResult {
  const checks = full.checks.map((check, i) => {
    const decided = gated.checks[i];
    if (!REJUDGED.has(check.check) || decided === undefined || decided.check !== check.check) return check;
    return { ...check, verdict: decided.verdict, reason: decided.reason, metrics: { ...check.metrics, ...decided.metrics } };
  });
  return { ...full, verdict: gated.verdict, checks };
}
