/**
 * Run totals of several shards as one: counts, tokens and cost add; percentiles are recomputed
 * from the joined latency distributions (never averaged), so they equal an unsharded run's.
 */
import type { ArmSummary } from '../gate/types.ts';
import type { RunReport } from '../report/types.ts';
import { summarise } from '../score/stats.ts';
import { oneSource } from '../gateway/provenance.ts';
import { mergeErrorDetail } from '../score/arm.ts';

type Arm = 'baseline' | 'candidate';
type Distributions = RunReport['distributions'];

/** The run keeps this many failed-request ids per arm (as src/run/totals.ts does). */
const MAX_ERROR_IDS = 50;

/** One source when all agree, `mixed` otherwise, `empty` when there is nothing. */
export function mergeArm(arms: readonly ArmSummary[], dist: Distributions[Arm]): ArmSummary {
  const errorKinds: ArmSummary['errorKinds'] = {};
  for (const a of arms) {
    for (const [kind, n] of Object.entries(a.errorKinds) as Array<[keyof ArmSummary['errorKinds'], number]>) errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
  }
  // A shard without a successful sample has no cost to add; it must not make the total unknown.
  const priced = arms.filter((a) => a.ok > 0);
  const costNanos = priced.length === 0 || priced.some((a) => a.costNanos === null) ? null : priced.reduce((s, a) => s + (a.costNanos ?? 0), 0);
  const sum = (pick: (a: ArmSummary) => number): number => arms.reduce((s, a) => s + pick(a), 0);
  return {
    gateway: arms[0]?.gateway ?? '',
    samples: sum((a) => a.samples),
    ok: sum((a) => a.ok),
    errors: sum((a) => a.errors),
    errorKinds,
    errorDetail: mergeErrorDetail(arms.map((a) => a.errorDetail)),
    retries: sum((a) => a.retries),
    e2eMs: summarise(dist.e2eMs),
    ttftMs: dist.ttftMs.length > 0 ? summarise(dist.ttftMs) : null,
    promptTokens: sum((a) => a.promptTokens),
    completionTokens: sum((a) => a.completionTokens),
    usageSource: oneSource(arms.map((a) => a.usageSource).filter((s) => s !== 'none'), 'none'),
    costNanos,
    // Only shards with successful samples have a cost source ('unknown' there is a real finding).
    costSource: oneSource(priced.map((a) => a.costSource), 'unknown'),
    errorRequestIds: arms.flatMap((a) => a.errorRequestIds).slice(0, MAX_ERROR_IDS),
    sampleText: null,
  };
}

export function mergeDistributions(reports: readonly Pick<RunReport, 'distributions'>[]): Distributions {
  const join = (arm: Arm, key: 'e2eMs' | 'ttftMs'): number[] => reports.flatMap((r) => r.distributions[arm][key]);
  return {
    baseline: { e2eMs: join('baseline', 'e2eMs'), ttftMs: join('baseline', 'ttftMs') },
    candidate: { e2eMs: join('candidate', 'e2eMs'), ttftMs: join('candidate', 'ttftMs') },
  };
}

export function mergeTotals(reports: readonly Pick<RunReport, 'totals'>[], dist: Distributions): RunReport['totals'] {
  return {
    baseline: mergeArm(reports.map((r) => r.totals.baseline), dist.baseline),
    candidate: mergeArm(reports.map((r) => r.totals.candidate), dist.candidate),
    requests: reports.reduce((s, r) => s + r.totals.requests, 0),
    // Shards run side by side: the run took as long as its slowest shard.
    durationMs: reports.reduce((m, r) => Math.max(m, r.totals.durationMs), 0),
  };
}
