/**
 * The run-level `distribution` test and the per-case verdicts (issue 16). Pure.
 *
 * Pooled: the eligible cases' permutation distributions, each standardised, summed index by index
 * (prompt-stratified: samples are only ever exchanged within a case), one pooled test per
 * reference arm (live baseline; stored baseline over the cases that hold enough of its samples),
 * Bonferroni over the references. Per case: Holm across the eligible cases, like latency.
 *
 * Gatekeeping keeps the run's false-alarm rate at alpha: a case fails its distribution check only
 * when the pooled test rejects and its own Holm-adjusted p is below alpha (every rejection then
 * needs the pooled test, which has level alpha under the null of no difference anywhere, and Holm
 * controls the case-level errors beyond it). A case that is significant on its own while the
 * pooled test is not is `inconclusive`: measured, not enough evidence for the run.
 */
import { aggregate, kernelShares, permutationPValue, PooledNull } from '../score/distribution-mmd.ts';
import type { DistributionCheck, DistributionNulls, DistributionSettings, ReferenceName } from '../score/distribution.ts';
import type { KernelName } from '../score/distribution-kernels.ts';
import { combineVerdicts } from '../score/case.ts';
import { TEST_KERNELS } from '../score/distribution-kernels.ts';
import { holmAdjust } from '../score/stats.ts';
import type { CaseDecision, GateCheck } from './digest.ts';

/** The run's pooled permutation distributions, one per reference arm; additive across cases and shards. */
export class DistributionPools {
  live: PooledNull | null = null;
  stored: PooledNull | null = null;

  add(nulls: DistributionNulls): void {
    for (const reference of ['live', 'stored'] as const) {
      const s = nulls[reference];
      if (s === undefined) continue;
      this[reference] ??= new PooledNull(s.mmd.length, (s.mmd[0]?.length ?? 1) - 1);
      this[reference].add(s);
    }
  }

  /** For report.json (and `merge`, which adds shards' pools). */
  toJSON(): SerializedPools {
    const one = (p: PooledNull | null): SerializedPool | null =>
      p === null ? null : { strata: p.strata, referenceSamples: p.referenceSamples, candidateSamples: p.candidateSamples, mmd: p.mmd.map((v) => Array.from(v)) };
    return { live: one(this.live), stored: one(this.stored) };
  }

  static fromJSON(list: readonly SerializedPools[]): DistributionPools {
    const pools = new DistributionPools();
    for (const s of list) {
      for (const reference of ['live', 'stored'] as const) {
        const p = s[reference];
        if (p === null) continue;
        const target = (pools[reference] ??= new PooledNull(p.mmd.length, (p.mmd[0]?.length ?? 1) - 1));
        target.merge(p);
      }
    }
    return pools;
  }
}

export interface SerializedPool {
  strata: number;
  referenceSamples: number;
  candidateSamples: number;
  /** [kernel][labelling]: summed standardised MMD², labelling 0 observed. */
  mmd: number[][];
}

export interface SerializedPools {
  live: SerializedPool | null;
  stored: SerializedPool | null;
}

export interface TopCase {
  caseId: string;
  /** The case's standardised MMD² on the kernel that decided the pooled test (its share of it). */
  z: number;
  pValue: number;
}

export interface PooledTest {
  reference: ReferenceName;
  cases: number;
  referenceSamples: number;
  candidateSamples: number;
  pValue: number;
  /** Per kernel: the pooled statistic, a sum of per-case z-scores, observed. */
  statistic: Partial<Record<KernelName, number>>;
  /** The kernel whose permutation tail was smallest (what the pooled p rests on). */
  decidingKernel: KernelName;
}

export interface OverallDistributionMetrics {
  /** Cases the test could use (temperature > 0, enough samples per arm). */
  cases: number;
  /** Cases not measured (temperature 0, too few samples, contract cases). */
  notMeasured: number;
  tests: PooledTest[];
  pValue?: number;
  alpha: number;
  permutations: number;
  L: number;
  kernels: readonly KernelName[];
  /** The cases that contribute most to the pooled statistic. */
  topCases: TopCase[];
}

export interface OverallDistributionCheck {
  check: 'distribution';
  verdict: 'pass' | 'fail' | 'not-measured';
  reason: string;
  metrics: OverallDistributionMetrics;
}

export interface CaseDistribution {
  caseId: string;
  check: DistributionCheck;
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function pooledTest(reference: ReferenceName, pool: PooledNull, kernels: readonly KernelName[]): PooledTest {
  const shares = kernelShares(pool.mmd);
  let deciding = 0;
  shares.forEach((s, i) => {
    if (s < (shares[deciding] as number)) deciding = i;
  });
  return {
    reference,
    cases: pool.strata,
    referenceSamples: pool.referenceSamples,
    candidateSamples: pool.candidateSamples,
    pValue: permutationPValue(aggregate(pool.mmd)),
    statistic: Object.fromEntries(kernels.map((k, i) => [k, (pool.mmd[i] as Float64Array)[0] as number])),
    decidingKernel: kernels[deciding] as KernelName,
  };
}

/**
 * The pooled test and every case's distribution check as the gate decides it (same order as given).
 */
export function gateDistribution(cases: readonly CaseDistribution[], pools: DistributionPools, settings: DistributionSettings, kernels: readonly KernelName[]): { overall: OverallDistributionCheck; checks: DistributionCheck[] } {
  const alpha = settings.alpha;
  const measured = cases.filter((c) => c.check.metrics.pValue !== undefined);
  const metrics: OverallDistributionMetrics = {
    cases: measured.length,
    notMeasured: cases.filter((c) => c.check.verdict === 'not-measured').length,
    tests: [],
    alpha,
    permutations: settings.permutations,
    L: settings.maxChars,
    kernels,
    topCases: [],
  };
  if (pools.live !== null) metrics.tests.push(pooledTest('live', pools.live, kernels));
  if (pools.stored !== null) metrics.tests.push(pooledTest('stored', pools.stored, kernels));
  const first = metrics.tests[0];
  if (first === undefined || measured.length === 0) {
    const reason = 'Output distribution not measured: no case at temperature > 0 with enough completions per arm.';
    return { overall: { check: 'distribution', verdict: 'not-measured', reason, metrics }, checks: cases.map((c) => c.check) };
  }
  const best = metrics.tests.reduce((a, b) => (b.pValue < a.pValue ? b : a));
  const pooledP = Math.min(1, best.pValue * metrics.tests.length);
  metrics.pValue = pooledP;
  const rejected = pooledP <= alpha;
  const z = (c: CaseDistribution): number => c.check.metrics.tests.find((t) => t.reference === best.reference)?.z[best.decidingKernel] ?? 0;
  metrics.topCases = [...measured]
    .sort((a, b) => z(b) - z(a))
    .slice(0, 5)
    .map((c) => ({ caseId: c.caseId, z: z(c), pValue: c.check.metrics.pValue as number }));

  const adjusted = holmAdjust(measured.map((c) => c.check.metrics.pValue as number));
  const decided = new Map<string, DistributionCheck>();
  measured.forEach((c, i) => {
    const pAdjusted = adjusted[i] as number;
    const m = { ...c.check.metrics, pAdjusted, holmFamily: measured.length };
    const shown = `p = ${formatP(m.pValue as number)}, Holm-adjusted ${formatP(pAdjusted)} over ${measured.length} case(s)`;
    const significant = pAdjusted <= alpha;
    const check: DistributionCheck = !significant
      ? { ...c.check, reason: `No difference from the ${m.tests.map((t) => t.reference).join(' and ')} baseline found in ${m.candidateSamples} samples (${shown}).`, metrics: m }
      : rejected
        ? { ...c.check, verdict: 'fail', reason: `Output distribution differs from the ${m.decidedBy ?? 'live'} baseline (${shown}; pooled p = ${formatP(pooledP)}).`, metrics: m }
        : { ...c.check, verdict: 'inconclusive', reason: `Output distribution looks different from the ${m.decidedBy ?? 'live'} baseline (${shown}), but the pooled test over all cases does not confirm it (p = ${formatP(pooledP)}).`, metrics: m };
    decided.set(c.caseId, check);
  });

  const against = metrics.tests.map((t) => `${t.reference} baseline p = ${formatP(t.pValue)} over ${t.cases} case(s)`).join(', ');
  const top = metrics.topCases.slice(0, 3).map((t) => t.caseId).join(', ');
  const reason = rejected
    ? `Output distribution differs (pooled MMD, ${against}${metrics.tests.length > 1 ? ', Bonferroni' : ''}; most different: ${top}).`
    : `Output distribution: no difference found (pooled MMD, ${against}).`;
  return {
    overall: { check: 'distribution', verdict: rejected ? 'fail' : 'pass', reason, metrics },
    checks: cases.map((c) => decided.get(c.caseId) ?? c.check),
  };
}

/**
 * The gate's step for this check: each case's decision with its distribution check decided
 * (pooled test, Holm, gatekeeping) and its verdict recombined, and the run-level check.
 * Without pools (a merge of shards from before the check existed), the pooled test is not measured.
 */
export function distributionDecisions(
  caseIds: readonly string[],
  decisions: readonly CaseDecision[],
  pools: DistributionPools | undefined,
  settings: DistributionSettings,
): { decisions: CaseDecision[]; overall: OverallDistributionCheck } {
  const found: Array<{ index: number; at: number; entry: CaseDistribution }> = [];
  decisions.forEach((d, index) => {
    const at = d.checks.findIndex((c) => c.check === 'distribution');
    const check = d.checks[at];
    if (check !== undefined && check.check === 'distribution' && 'metrics' in check) found.push({ index, at, entry: { caseId: caseIds[index] as string, check } });
  });
  const gated = gateDistribution(
    found.map((f) => f.entry),
    pools ?? new DistributionPools(),
    settings,
    TEST_KERNELS,
  );
  const out = decisions.map((d) => ({ ...d, checks: [...d.checks] }));
  found.forEach((f, i) => {
    const target = out[f.index] as { verdict: CaseDecision['verdict']; checks: GateCheck[] };
    target.checks[f.at] = gated.checks[i] as DistributionCheck;
    target.verdict = combineVerdicts(target.checks);
  });
  return { decisions: out, overall: gated.overall };
}
