/**
 * Shard reports → one report, as if the run had not been split: cases in suite order, totals
 * recomputed from the joined distributions, and the gate run again over all cases so the Holm
 * adjustment covers the whole family (gateRun re-judges from the raw p-values each check keeps).
 * Like eval, it holds only a digest per case: the cases are read from the shards once, into a
 * case log, and the reports read them back from there.
 */
import type { Thresholds } from '../config/schema.ts';
import { gateRun } from '../gate/gate.ts';
import { DistributionPools, type SerializedPools } from '../gate/distribution.ts';
import { withCompleteness, type Completeness } from '../gate/complete.ts';
import { applyDecision, digestCase, type GateCase } from '../gate/digest.ts';
import type { ReportInput } from '../report/types.ts';
import type { CaseLog } from '../run/case-log.ts';
import { caseFindings } from '../run/findings.ts';
import { pricingFindings, upstreamMappingFindings } from '../report/gateway-notes.ts';
import { ShardMergeError, type ShardHeader, type ShardReport } from './read.ts';
import { mergeDistributions, mergeTotals } from './totals.ts';
import { collectBetweenPasses } from '../util/heap.ts';

export interface MergeOptions {
  /** Case ids in suite order (from the suite files); cases not listed follow in shard order. */
  suiteOrder: readonly string[] | null;
  thresholds: Thresholds;
  strict: boolean;
  runId: string;
}

/**
 * Reads every shard's cases once (in shard order): each goes to `log`, a digest stays. Returns
 * the digests in suite order, then cases the suite files do not list, in shard order.
 */
function readCases(shards: readonly ShardReport[], suiteOrder: readonly string[] | null, log: CaseLog): { cases: GateCase[]; unknown: string[] } {
  const rank = new Map((suiteOrder ?? []).map((id, i) => [id, i]));
  const owner = new Map<string, string>();
  const known: GateCase[] = [];
  const unknown: GateCase[] = [];
  for (const s of shards) {
    for (const c of s.report.cases) {
      const prev = owner.get(c.caseId);
      if (prev !== undefined) throw new ShardMergeError(`case "${c.caseId}" appears in two shards: ${prev} and ${s.dir}`);
      owner.set(c.caseId, s.dir);
      log.append(c);
      (rank.has(c.caseId) ? known : unknown).push(digestCase(c));
    }
  }
  known.sort((a, b) => (rank.get(a.caseId) as number) - (rank.get(b.caseId) as number));
  return { cases: [...known, ...unknown], unknown: suiteOrder === null ? [] : unknown.map((c) => c.caseId) };
}

/** The run-level findings eval writes, recomputed over all cases (per-shard lists would be partial). */
function runFindings(first: ShardHeader, cases: readonly GateCase[], shards: readonly ShardReport[], unknown: readonly string[]): string[] {
  const findings = caseFindings(first.storedBaseline, first.target, cases);
  for (const s of shards) {
    const inc = s.report.verdict.incomplete;
    if (s.report.partial || inc) {
      const what = inc ? `${inc.interrupted ? 'was interrupted' : 'is incomplete'} after ${inc.completed}${inc.planned === null ? '' : ` of ${inc.planned}`} requests` : 'was interrupted';
      findings.push(`shard ${s.report.shard?.index}/${s.report.shard?.count} (${s.dir}) ${what}: its incomplete cases are left out`);
    }
    if (s.report.verdict.verdict === 'empty') findings.push(`shard ${s.report.shard?.index}/${s.report.shard?.count} (${s.dir}) is empty: no case of the suite falls in it`);
  }
  if (unknown.length) findings.push(`not in the current suite files (listed last): ${unknown.join(', ')}`);
  findings.push(`merged from ${shards.length} shards: ${shards.map((s) => s.dir).join(', ')}`);
  return findings;
}

/**
 * What the shards measured of what they planned, together: one interrupted or incomplete shard
 * makes the merged run incomplete (never a pass). A shard from an older cutover that says only
 * `partial` has an unknown plan.
 */
export function shardsCompleteness(reports: readonly ShardHeader[]): Completeness {
  let planned: number | null = 0;
  for (const r of reports) {
    const own = r.verdict.incomplete ? r.verdict.incomplete.planned : r.partial ? null : r.totals.requests;
    planned = planned === null || own === null ? null : planned + own;
  }
  return {
    interrupted: reports.some((r) => r.verdict.incomplete?.interrupted ?? r.partial),
    completed: reports.reduce((n, r) => n + r.totals.requests, 0),
    planned,
  };
}

/**
 * Shards must already be validated (validateShards); a case found in two shards throws
 * ShardMergeError. The cases of the result are read back from `log` (gated once) on every pass.
 */
export function mergeReports(shards: readonly ShardReport[], o: MergeOptions, log: CaseLog): ReportInput {
  const sorted = [...shards].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0));
  const reports = sorted.map((s) => s.report);
  const first = reports[0] as ShardHeader;
  const { cases, unknown } = readCases(sorted, o.suiteOrder, log);
  collectBetweenPasses(cases.length);
  const distributions = mergeDistributions(reports);
  // The pooled distribution test is additive: the shards' permutation sums, added, are the one run's.
  // A shard written before the check existed has none; then the pooled test is not measured.
  const pooled = reports.every((r) => r.distributionPools !== undefined) ? DistributionPools.fromJSON(reports.map((r) => r.distributionPools as SerializedPools)) : undefined;
  // The coarsest shard's timing resolution stands for the run (a case's requests all ran in one shard).
  const resolutions = reports.map((r) => r.timingResolutionMs).filter((x): x is number => typeof x === 'number');
  const timingResolutionMs = resolutions.length > 0 ? Math.max(...resolutions) : undefined;
  const { run: gated, decisions } = gateRun(cases, {
    thresholds: o.thresholds,
    strict: o.strict,
    distributions: { baseline: distributions.baseline.e2eMs, candidate: distributions.candidate.e2eMs },
    ...(pooled !== undefined ? { distributionPools: pooled } : {}),
    ...(timingResolutionMs !== undefined ? { timingResolutionMs } : {}),
  });
  const verdict = withCompleteness(gated, shardsCompleteness(reports));
  collectBetweenPasses(cases.length);
  // The decisions go into the logged cases now: neither they nor the digests stay in memory while the reports read the cases.
  const order = cases.map((c) => c.caseId);
  log.rewrite(order, (full, i) => applyDecision(full, decisions[i]));
  const startedAt = reports.map((r) => r.startedAt).sort()[0] as string;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1) as string;
  const { shard: _shard, cases: _cases, pricing: _pricing, ...rest } = first as ShardReport['report'];
  const totals = mergeTotals(reports, distributions);
  // Each shard read the catalogs itself; the first shard's reading stands for the run.
  const pricing = reports.find((r) => r.pricing !== undefined)?.pricing;
  return {
    ...rest,
    runId: o.runId,
    startedAt,
    finishedAt,
    partial: verdict.verdict === 'incomplete',
    settings: { ...first.settings, strict: o.strict },
    totals,
    cases: log.source(order),
    verdict,
    findings: [...runFindings(first, cases, sorted, unknown), ...upstreamMappingFindings(totals), ...pricingFindings(pricing)],
    ...(pricing ? { pricing } : {}),
    ...(timingResolutionMs !== undefined ? { timingResolutionMs } : {}),
    distributions,
    ...(pooled !== undefined ? { distributionPools: pooled.toJSON() } : {}),
    files: [],
  };
}
