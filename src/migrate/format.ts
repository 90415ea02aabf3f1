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

export interface RemoveOldConfigCheck {
  /** True when no LLM_GATEWAY_* variable is used in any file read, and every file could be read. */
  passed: boolean;
  /** Uses of LLM_GATEWAY_* variables still in the code and config. */
  remaining: number;
  /** Files that could not be read: the check cannot vouch for them. */
  unread: number;
}

/** The migration guide's "remove old config" step: is any LLM_GATEWAY_* variable still used? */
export function removeOldConfigCheck(inv: Inventory): RemoveOldConfigCheck {
  const remaining = inv.findings.filter((f) => f.kind === 'env-var' && f.old).length;
  return { passed: remaining === 0 && inv.skipped.length === 0, remaining, unread: inv.skipped.length };
}

function removeOldConfigLine(inv: Inventory): string {
  const c = removeOldConfigCheck(inv);
  if (c.remaining > 0) return `"Remove old config" check: not yet — ${c.remaining} use(s) of LLM_GATEWAY_* variables remain (\`cutover migrate --write\`, then run inventory again).\n`;
  if (c.unread > 0) return `"Remove old config" check: no LLM_GATEWAY_* variable is used in the files read, but ${c.unread} file(s) could not be read (listed below): check them by hand.\n`;
  return (
    `"Remove old config" check: passed — no LLM_GATEWAY_* variable is used any more. This is the migration guide's "remove old config" check: ` +
    'once production has run on the new gateway for a release cycle (`cutover rollout --min-window`), delete the LLM_GATEWAY_* values from your secret store and CI settings.\n'
  );
}

export function formatInventory(inv: Inventory): string {
  const old = inv.findings.filter((f) => f.old).length;
  const files = new Set(inv.findings.map((f) => f.file)).size;
  let out = inv.findings.map(findingLine).join('');
  out +=
    `\n${inv.findings.length} finding(s) in ${files} of ${inv.filesScanned} file(s) scanned; ` +
    (old === 0 ? 'none refers to the old gateway.\n' : `${old} refer(s) to the old gateway (marked "old"; \`cutover migrate\` changes them).\n`);
  out += removeOldConfigLine(inv);
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
