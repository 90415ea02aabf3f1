/**
 * The run verdict: Holm-adjusted per-case latency, run-level latency / error rate / cost,
 * and one honest verdict. `verdict` says what was found; `passes` says whether CI should
 * pass (inconclusive passes unless strict).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckName, CheckResult, RunVerdict, Verdict } from './types.ts';
import type { GateCase } from './digest.ts';
import { applyHolm } from './holm.ts';
import { overallCost, overallErrorRate, overallLatency } from './overall.ts';

export { DEFINITIONS } from './definitions.ts';

export interface GateContext {
  thresholds: Thresholds;
  strict: boolean;
  /** Pooled E2E latencies of all successful samples per arm, reported for context only. */
  distributions?: { baseline: number[]; candidate: number[] };
}

/** Note: rewrites the cases' latency/ttft checks and verdicts in place (Holm across cases). */
export function gateRun(cases: readonly GateCase[], ctx: GateContext): RunVerdict {
  const { thresholds } = ctx;
  applyHolm(cases, thresholds);
  const overall: CheckResult[] = [
    overallLatency('latency', cases, thresholds.latency, ctx.distributions),
    overallLatency('ttft', cases, thresholds.latency),
    overallErrorRate(cases, thresholds.errorRate),
    overallCost(cases, thresholds.cost),
  ];
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const c of cases) counts[c.verdict]++;
  const failing = cases
    .filter((c) => c.verdict === 'fail')
    .map((c) => {
      const failed = c.checks.filter((x) => x.verdict === 'fail');
      return { caseId: c.caseId, checks: failed.map((x): CheckName => x.check), reasons: failed.map((x) => x.reason) };
    });
  const reasons: string[] = [];
  for (const o of overall) if (o.verdict === 'fail' || o.verdict === 'inconclusive') reasons.push(o.reason);
  if (counts.fail > 0) reasons.push(`${counts.fail} of ${cases.length} case(s) failed.`);
  const anyFail = counts.fail > 0 || overall.some((o) => o.verdict === 'fail');
  const anyInconclusive = counts.inconclusive > 0 || overall.some((o) => o.verdict === 'inconclusive');
  const verdict: RunVerdict['verdict'] = anyFail ? 'fail' : anyInconclusive ? 'inconclusive' : 'pass';
  if (verdict === 'inconclusive') {
    reasons.push(
      `${counts.inconclusive} case(s) inconclusive: ${ctx.strict ? 'counted as a failure (--strict)' : 'passes the gate (use --strict to fail on it)'}.`,
    );
  }
  const passes = verdict === 'pass' || (verdict === 'inconclusive' && !ctx.strict);
  return { verdict, passes, counts, failing, reasons, overall };
}
