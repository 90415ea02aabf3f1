/** Terminal text for `inventory` and `migrate` (JSON output is the data itself). */
import type { SkippedFile } from './files.ts';
import type { Finding, Inventory } from './inventory.ts';
import type { MigrationPlan } from './migrate.ts';

function skippedLines(skipped: readonly SkippedFile[], verb: string): string {
  if (skipped.length === 0) return '';
  return `\n${verb} ${skipped.length} file(s):\n${skipped.map((s) => `  ${s.path}: ${s.reason}\n`).join('')}`;
}

function findingLine(f: Finding): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const what = f.old && f.replacement !== undefined && f.replacement !== f.value ? `${f.value} → ${f.replacement}` : f.value;
  return `${where.padEnd(34)} ${f.old ? 'old' : '   '}  ${f.kind.padEnd(14)} ${what}\n${' '.repeat(40)}${f.snippet}\n`;
}

export function formatInventory(inv: Inventory): string {
  const old = inv.findings.filter((f) => f.old).length;
  const files = new Set(inv.findings.map((f) => f.file)).size;
  let out = inv.findings.map(findingLine).join('');
  out +=
    `\n${inv.findings.length} finding(s) in ${files} of ${inv.filesScanned} file(s) scanned; ` +
    (old === 0 ? 'none refers to the old gateway.\n' : `${old} refer(s) to the old gateway (marked "old"; \`cutover migrate\` changes them).\n`);
  return out + skippedLines(inv.skipped, 'Could not read');
}

/** The summary that goes to stderr beside a dry-run diff on stdout (so stdout stays a clean patch). */
export function formatPlanSummary(plan: MigrationPlan, wrote: boolean): string {
  const n = plan.changes.length;
  const head =
    n === 0
      ? `Nothing to change in ${plan.filesScanned} file(s).\n`
      : wrote
        ? `Changed ${n} file(s): ${plan.changes.map((c) => c.path).join(', ')}.\n`
        : `${n} file(s) would change (dry run; apply with --write, or pipe the diff to \`git apply\`).\n`;
  return head + skippedLines(plan.skipped, 'Left alone');
}
