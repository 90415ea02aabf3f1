/**
 * promote / hold / rollback from per-arm canary metrics, with the statistics eval uses:
 *   - error rate: candidate higher than baseline by more than `maxErrorIncrease` (absolute) AND
 *     Fisher's exact one-sided test significant;
 *   - E2E latency: eval's latency check (p50/p95 ratio limits + one-sided Mann-Whitney);
 *   - the two p-values Holm-adjusted together, as eval adjusts across cases.
 * A significant, practical regression rolls back even below the minimum sample count (evidence is
 * evidence); otherwise too few requests, or a practical difference without evidence, holds.
 */
import type { Thresholds } from '../config/schema.ts';
import { EXIT, type ExitCode } from '../errors.ts';
import type { CheckOf, CheckVerdict } from '../gate/types.ts';
import type { CanaryMetricsFile } from '../canary/format.ts';
import { latencyCheck, latencyVerdict, type LatencyCheck } from '../score/latency.ts';
import { holmAdjust } from '../score/stats.ts';
import { fisherGreater } from './fisher.ts';

export type RolloutDecision = 'promote' | 'hold' | 'rollback';

/** Exit codes of `rollout`, one table: a pipeline step can branch on them. */
export const ROLLOUT_EXIT: Readonly<Record<RolloutDecision, ExitCode>> = {
  promote: EXIT.pass,
  rollback: EXIT.gateFailed,
  hold: EXIT.hold,
};

export interface RolloutOptions {
  /** eval.config.yaml `thresholds` (latency limits and alpha are shared with eval). */
  thresholds: Thresholds;
  /** Requests per arm needed before promoting (default 100). */
  minRequests: number;
  /** Largest acceptable increase of the error rate, absolute (0.01 = one percentage point). */
  maxErrorIncrease: number;
}

export interface RolloutErrorsMetrics {
  baselineRate: number;
  candidateRate: number;
  /** candidate − baseline, absolute. */
  increase: number;
  limit: number;
  practical: boolean;
  pValue: number;
  pAdjusted: number;
  alpha: number;
  test: 'fisher-exact-greater';
}

export type RolloutErrorsCheck = CheckOf<'errors', RolloutErrorsMetrics>;
export type RolloutCheck = RolloutErrorsCheck | LatencyCheck;

export interface RolloutResult {
  decision: RolloutDecision;
  reasons: string[];
  checks: RolloutCheck[];
  requests: { baseline: number; candidate: number; minimum: number };
}

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
const rate = (errors: number, requests: number): number => (requests === 0 ? 0 : errors / requests);

function errorCheck(m: CanaryMetricsFile, o: RolloutOptions, pAdjusted: number, pRaw: number): RolloutErrorsCheck {
  const { baseline: b, candidate: c } = m.arms;
  const rb = rate(b.errors, b.requests);
  const rc = rate(c.errors, c.requests);
  const increase = rc - rb;
  const practical = b.requests > 0 && c.requests > 0 && increase > o.maxErrorIncrease;
  const alpha = o.thresholds.latency.alpha;
  const summary = `candidate ${pct(rc)} (${c.errors}/${c.requests}) vs baseline ${pct(rb)} (${b.errors}/${b.requests}), limit +${(o.maxErrorIncrease * 100).toFixed(2)} points`;
  const evidence = `Fisher exact one-sided, Holm-adjusted p = ${pAdjusted.toPrecision(3)}, alpha ${alpha}`;
  const metrics: RolloutErrorsMetrics = { baselineRate: rb, candidateRate: rc, increase, limit: o.maxErrorIncrease, practical, pValue: pRaw, pAdjusted, alpha, test: 'fisher-exact-greater' };
  let verdict: CheckVerdict = 'pass';
  let reason = `Error rate within limits: ${summary}.`;
  if (practical && pAdjusted < alpha) {
    verdict = 'fail';
    reason = `Error rate regressed: ${summary} (${evidence}).`;
  } else if (practical) {
    verdict = 'inconclusive';
    reason = `Error rate looks higher (${summary}) but not significantly (${evidence}); wait for more traffic.`;
  }
  return { check: 'errors', verdict, reason, metrics };
}

export function decideRollout(m: CanaryMetricsFile, o: RolloutOptions): RolloutResult {
  const { baseline: b, candidate: c } = m.arms;
  const pErr = fisherGreater({ errors: c.errors, requests: c.requests }, { errors: b.errors, requests: b.requests });
  const measured = latencyCheck('latency', b.latencyMs, c.latencyMs, o.thresholds.latency);
  const pLat = measured.metrics.pValue ?? null;
  const [pErrAdj, pLatAdj] = holmAdjust(pLat === null ? [pErr] : [pErr, pLat]);
  const errors = errorCheck(m, o, pErrAdj ?? pErr, pErr);
  let latency: LatencyCheck = measured;
  if (pLat !== null && pLatAdj !== undefined) {
    const { practical = false, summary = '' } = measured.metrics;
    const re = latencyVerdict('latency', practical, pLatAdj, o.thresholds.latency.alpha, summary, 'Holm-adjusted p');
    latency = { ...measured, ...re, metrics: { ...measured.metrics, pAdjusted: pLatAdj } };
  }
  const checks: RolloutCheck[] = [errors, latency];
  const requests = { baseline: b.requests, candidate: c.requests, minimum: o.minRequests };
  const enough = b.requests >= o.minRequests && c.requests >= o.minRequests;
  const failed = checks.filter((x) => x.verdict === 'fail');
  if (failed.length > 0) return { decision: 'rollback', reasons: failed.map((x) => x.reason), checks, requests };
  if (!enough) {
    const reasons = [`Too few requests to decide: baseline ${b.requests}, candidate ${c.requests}; need ${o.minRequests} per arm.`];
    return { decision: 'hold', reasons, checks, requests };
  }
  // No successful call on either arm leaves latency unjudged: nothing to promote on.
  const unclear = checks.filter((x) => x.verdict !== 'pass');
  if (unclear.length > 0) return { decision: 'hold', reasons: unclear.map((x) => x.reason), checks, requests };
  return { decision: 'promote', reasons: checks.map((x) => x.reason), checks, requests };
}
