/**
 * The run verdict: Holm-adjusted per-case latency, run-level latency / error rate / cost,
 * and one honest verdict. `verdict` says what was found; `passes` says whether CI should
 * pass (inconclusive passes unless strict).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckName, RunCheck, RunVerdict, Verdict } from './types.ts';
import type { CaseDecision, GateCase } from './digest.ts';
import { holmDecisions } from './holm.ts';
import { acrossFamilies } from './families.ts';
import { withinResolution } from './resolution.ts';
import { distributionDecisions, type DistributionPools } from './distribution.ts';
import { overallCost, overallLatency } from './overall.ts';
import { overallErrorRate, overallFirstAttempt, sloCheck } from './overall-errors.ts';

export { DEFINITIONS } from './definitions.ts';

export interface GateContext {
  thresholds: Thresholds;
  strict: boolean;
  /** Pooled E2E latencies of all successful samples per arm, reported for context only. */
  distributions?: { baseline: number[]; candidate: number[] };
  /** The distribution check's pooled permutation distributions (from scoring, or merged shards). */
  distributionPools?: DistributionPools;
  /** Timing resolution of the measuring process during the requests (ms; p90 of its event-loop delay): latency differences within it are not the gateway's (gate/resolution.ts). */
  timingResolutionMs?: number;
}

export interface GateOutcome {
  /** The run's verdict, as reports show it. */
  run: RunVerdict;
  /** Per case, in the given order: its verdict and checks after the cross-case adjustment (apply with `applyDecision`). */
  decisions: CaseDecision[];
}

/** What an inconclusive run means for CI; names the cases only when there are some. */
export function inconclusiveReason(inconclusiveCases: number, strict: boolean): string {
  const what = inconclusiveCases > 0 ? `${inconclusiveCases} case(s) inconclusive` : 'Run-level check(s) inconclusive';
  return `${what}: ${strict ? 'counted as a failure (--strict)' : 'passes the gate (use --strict to fail on it)'}.`;
}

/** Pure: the cases are read, never changed; what the gate decided about each case is returned. */
export function gateRun(cases: readonly GateCase[], ctx: GateContext): GateOutcome {
  const { thresholds } = ctx;
  const distribution = distributionDecisions(
    cases.map((c) => c.caseId),
    holmDecisions(cases),
    ctx.distributionPools,
    thresholds.distribution,
  );
  const withinChecks = distribution.decisions;
  const decidedWithin: GateCase[] = cases.map((c, i) => ({ ...c, ...(withinChecks[i] as CaseDecision) }));
  const tested: RunCheck[] = [
    overallLatency('latency', decidedWithin, thresholds.latency, ctx.distributions),
    overallLatency('ttft', decidedWithin, thresholds.latency),
    overallLatency('app-latency', decidedWithin, thresholds.latency),
    overallErrorRate(decidedWithin, thresholds.errorRate, thresholds.latency.alpha),
    overallFirstAttempt(decidedWithin, thresholds.errorRate, thresholds.latency.alpha),
  ];
  // One false-alarm budget for the whole gate: every check's family adjusted across the others.
  const adjusted = acrossFamilies(withinChecks, tested);
  // Differences a busy client machine can make up are not attributed to the gateway.
  const across = withinResolution(adjusted.decisions, adjusted.overall, ctx.timingResolutionMs);
  const decisions = across.decisions;
  const decided: GateCase[] = cases.map((c, i) => ({ ...c, ...(decisions[i] as CaseDecision) }));
  const overall: RunCheck[] = [
    ...across.overall,
    sloCheck(decided, thresholds.errorRate, thresholds.latency.alpha),
    overallCost(decided, thresholds.cost),
    distribution.overall,
  ];
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const c of decided) counts[c.verdict]++;
  const failing = decided
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
  if (verdict === 'inconclusive') reasons.push(inconclusiveReason(counts.inconclusive, ctx.strict));
  const passes = verdict === 'pass' || (verdict === 'inconclusive' && !ctx.strict);
  return { run: { verdict, passes, counts, failing, reasons, overall }, decisions };
}
