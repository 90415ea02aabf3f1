/**
 * What a short report (summary.md, the terminal) names besides the failures, gathered in one pass
 * over the cases (each pass may be a read of the case file): inconclusive cases with the check and
 * the reason, the cases not compared with the stored baseline (stale: the prompt changed since it
 * was recorded; new: not in it), and the error-contract rows.
 */
import { caseContractRows, type ContractRow } from './contract.ts';
import type { ReportInput } from './types.ts';

export interface InconclusiveCase {
  caseId: string;
  checks: string[];
  reason: string;
}

export interface CaseNotes {
  inconclusive: InconclusiveCase[];
  stale: string[];
  fresh: string[];
  contract: ContractRow[];
}

export function caseNotes(report: Pick<ReportInput, 'cases'>): CaseNotes {
  const notes: CaseNotes = { inconclusive: [], stale: [], fresh: [], contract: [] };
  for (const c of report.cases) {
    notes.contract.push(...caseContractRows(c));
    if (c.status === 'stale') notes.stale.push(c.caseId);
    else if (c.status === 'new') notes.fresh.push(c.caseId);
    if (c.verdict !== 'inconclusive') continue;
    const checks = c.checks.filter((k) => k.verdict === 'inconclusive');
    notes.inconclusive.push({ caseId: c.caseId, checks: checks.map((k) => k.check), reason: checks[0]?.reason ?? '' });
  }
  return notes;
}

/** One line per kind of case not compared with the stored baseline (none when all were). */
export function notComparedLines(notes: CaseNotes, target: string, list: (ids: readonly string[]) => string): string[] {
  const lines: string[] = [];
  if (notes.stale.length) {
    lines.push(`stale in the baseline (prompt changed since it was recorded; compared with the live baseline only): ${list(notes.stale)} — re-record with \`npm run baseline -- --target ${target}\``);
  }
  if (notes.fresh.length) lines.push(`new since the baseline was recorded (compared with the live baseline only): ${list(notes.fresh)}`);
  return lines;
}
