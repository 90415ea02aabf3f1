/**
 * Shard reports → one report, as if the run had not been split: cases in suite order, totals
 * recomputed from the joined distributions, and the gate run again over all cases so the Holm
 * adjustment covers the whole family (gateRun re-judges from the raw p-values each check keeps).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CaseResult } from '../gate/types.ts';
import { gateRun } from '../gate/gate.ts';
import { withCompleteness, type Completeness } from '../gate/complete.ts';
import { applyDecision } from '../gate/digest.ts';
import type { RunReport } from '../report/types.ts';
import { caseFindings } from '../run/findings.ts';
import type { ShardReport } from './read.ts';
import { mergeDistributions, mergeTotals } from './totals.ts';

export interface MergeOptions {
  /** Case ids in suite order (from the suite files); cases not listed follow in shard order. */
  suiteOrder: readonly string[] | null;
  thresholds: Thresholds;
  strict: boolean;
  runId: string;
}

function orderCases(shards: readonly ShardReport[], suiteOrder: readonly string[] | null): { cases: CaseResult[]; unknown: string[] } {
  const rank = new Map((suiteOrder ?? []).map((id, i) => [id, i]));
  const all = shards.flatMap((s) => s.report.cases);
  const known = all.filter((c) => rank.has(c.caseId)).sort((a, b) => (rank.get(a.caseId) as number) - (rank.get(b.caseId) as number));
  const unknown = all.filter((c) => !rank.has(c.caseId));
  return { cases: [...known, ...unknown], unknown: suiteOrder === null ? [] : unknown.map((c) => c.caseId) };
}

/** The run-level findings eval writes, recomputed over all cases (per-shard lists would be partial). */
function runFindings(first: RunReport, cases: readonly CaseResult[], shards: readonly ShardReport[], unknown: readonly string[]): string[] {
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
export function shardsCompleteness(reports: readonly RunReport[]): Completeness {
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

/** Shards must already be validated (validateShards). */
export function mergeReports(shards: readonly ShardReport[], o: MergeOptions): RunReport {
  const sorted = [...shards].sort((a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0));
  const reports = sorted.map((s) => s.report);
  const first = reports[0] as RunReport;
  const { cases, unknown } = orderCases(sorted, o.suiteOrder);
  const distributions = mergeDistributions(reports);
  const { run: gated, decisions } = gateRun(cases, {
    thresholds: o.thresholds,
    strict: o.strict,
    distributions: { baseline: distributions.baseline.e2eMs, candidate: distributions.candidate.e2eMs },
  });
  const verdict = withCompleteness(gated, shardsCompleteness(reports));
  const startedAt = reports.map((r) => r.startedAt).sort()[0] as string;
  const finishedAt = reports.map((r) => r.finishedAt).sort().at(-1) as string;
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    runId: o.runId,
    startedAt,
    finishedAt,
    partial: verdict.verdict === 'incomplete',
    settings: { ...first.settings, strict: o.strict },
    totals: mergeTotals(reports, distributions),
    cases: cases.map((c, i) => applyDecision(c, decisions[i])),
    verdict,
    findings: runFindings(first, cases, sorted, unknown),
    distributions,
    files: [],
  };
}
