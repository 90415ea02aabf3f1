/** Run-level findings drawn from the case results: one wording, shared by eval and merge. */
import type { GateCase } from '../gate/digest.ts';
import type { RunReport } from '../report/types.ts';
import { DRIFT_HEADLINE } from '../report/format.ts';
import { BASELINE_DRIFT } from '../score/similarity-check.ts';

/** Baseline status (missing, stale, new cases) and each case's own findings, once each. */
export function caseFindings(storedBaseline: RunReport['storedBaseline'], target: string, cases: readonly GateCase[]): string[] {
  const findings: string[] = [];
  if (storedBaseline.status === 'missing') {
    findings.push(
      `no stored baseline at ${storedBaseline.file}: cases were compared with the live baseline gateway only (record one with \`npm run baseline -- --target ${target}\`)`,
    );
  }
  const stale = cases.filter((c) => c.status === 'stale').map((c) => c.caseId);
  if (stale.length) findings.push(`stale in the baseline (prompt changed since it was recorded): ${stale.join(', ')}`);
  const fresh = cases.filter((c) => c.status === 'new').map((c) => c.caseId);
  if (fresh.length) findings.push(`new since the baseline was recorded: ${fresh.join(', ')}`);
  const drifted = cases.filter((c) => c.findings.some((f) => f.startsWith(BASELINE_DRIFT))).map((c) => c.caseId);
  if (drifted.length) {
    const shown = drifted.length > 8 ? `${drifted.slice(0, 8).join(', ')} and ${drifted.length - 8} more` : drifted.join(', ');
    findings.unshift(`${DRIFT_HEADLINE} ${BASELINE_DRIFT} on ${drifted.length} case(s) (${shown}) — re-record the baseline or investigate.`);
  }
  // "no stored baseline" is already said once for the run.
  const seen = new Set<string>();
  for (const c of cases) {
    for (const f of c.findings) {
      if (f.startsWith('no stored baseline') || seen.has(`${c.caseId}${f}`)) continue;
      seen.add(`${c.caseId}${f}`);
      findings.push(`${c.caseId}: ${f}`);
    }
  }
  return findings;
}

