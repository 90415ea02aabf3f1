/**
 * promote / hold / rollback from per-arm canary metrics, with eval's statistics and its one rule
 * (score/latency-rule.ts, score/rates.ts):
 *   - error rate: Fisher's exact one-sided test, practical when the 95 % interval of the increase
 *     reaches `maxErrorIncrease` (absolute);
 *   - E2E latency: eval's latency check — p50 by Mann-Whitney, p95 (≥ 20 calls per arm) and p99
 *     (≥ p99MinSamples) by the seeded bootstrap of the quantile ratio, so a slow tail is seen;
 *   - all these p-values Holm-adjusted together, as eval adjusts across cases.
 * A significant, practical regression rolls back even below the minimum sample count (evidence is
 * evidence); otherwise too few requests holds (exit 75), and so does a check that cannot judge
 * (no successful call). A practical-size gap without evidence passes, named, as everywhere.
 */
import type { Thresholds } from '../config/schema.ts';
import { EXIT, type ExitCode } from '../errors.ts';
import type { CheckOf } from '../gate/types.ts';
import type { CanaryMetricsFile } from '../canary/format.ts';
import { latencyCheck, rejudgeLatency, type LatencyCheck } from '../score/latency.ts';
import { judgeRates, rateCriterion, type RateCriterion } from '../score/rates.ts';
import { holmAdjust } from '../score/stats.ts';

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
  alpha: number;
  /** The error-rate comparison (kind `any`), with its evidence and interval. */
  criteria: RateCriterion[];
}

export type RolloutErrorsCheck = CheckOf<'errors', RolloutErrorsMetrics>;
export type RolloutCheck = RolloutErrorsCheck | LatencyCheck;

export interface RolloutResult {
  decision: RolloutDecision;
  reasons: string[];
  checks: RolloutCheck[];
  requests: { baseline: number; candidate: number; minimum: number };
}

export function decideRollout(m: CanaryMetricsFile, o: RolloutOptions): RolloutResult {
  const { baseline: b, candidate: c } = m.arms;
  const alpha = o.thresholds.latency.alpha;
  const error = rateCriterion('any', { count: b.errors, of: b.requests }, { count: c.errors, of: c.requests }, o.maxErrorIncrease, alpha);
  const measured = latencyCheck('latency', b.latencyMs, c.latencyMs, o.thresholds.latency);
  const latencyPs = (measured.metrics.criteria ?? []).map((x) => x.pValue);
  const adjusted = holmAdjust([error.pValue, ...latencyPs]);
  const criteria = [{ ...error, pAdjusted: adjusted[0] ?? error.pValue }];
  const errors: RolloutErrorsCheck = { check: 'errors', ...judgeRates('Error rate', criteria, alpha), metrics: { alpha, criteria } };
  const latency: LatencyCheck = latencyPs.length > 0 ? rejudgeLatency(measured, adjusted.slice(1), adjusted.length) : measured;
  const checks: RolloutCheck[] = [errors, latency];
  const requests = { baseline: b.requests, candidate: c.requests, minimum: o.minRequests };
  const enough = b.requests >= o.minRequests && c.requests >= o.minRequests;
  const failed = checks.filter((x) => x.verdict === 'fail');
  if (failed.length > 0) return { decision: 'rollback', reasons: failed.map((x) => x.reason), checks, requests };
  if (!enough) {
    const reasons = [`Too few requests to decide: baseline ${b.requests}, candidate ${c.requests}; need ${o.minRequests} per arm.`];
    return { decision: 'hold', reasons, checks, requests };
  }
  // No successful call on either arm (latency not measured): nothing to promote on.
  const unclear = checks.filter((x) => x.verdict !== 'pass');
  if (unclear.length > 0) return { decision: 'hold', reasons: unclear.map((x) => x.reason), checks, requests };
  return { decision: 'promote', reasons: checks.map((x) => x.reason), checks, requests };
}
