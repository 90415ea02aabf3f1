/**
 * GitHub Actions (on by default when GITHUB_ACTIONS=true; vitest's github-actions reporter is the
 * model: CI integration is a reporter, not code in the orchestrator). It prints one `::error`
 * workflow command per failing case, at the case's line in its suite file, so the failure shows
 * on the pull request's diff (the path relative to $GITHUB_WORKSPACE, so a run in a subfolder
 * still points at the right file); a run that does not pass without a failing case (incomplete, or
 * inconclusive under --strict) gets one annotation without a file. Its job summary is
 * summary.md's Markdown, appended once to $GITHUB_STEP_SUMMARY by the writer.
 */
import type { CaseResult, RunVerdict } from '../gate/types.ts';
import { failingChecks, verdictHeadline } from './format.ts';
import { markdownReporter } from './markdown.ts';
import type { ReportInput, Reporter, ReporterContext } from './types.ts';

/** A workflow command's message: `%`, CR and LF are escaped (as @actions/core does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::error ${props}::${escapeData(message)}\n`;
}

function caseAnnotation(c: CaseResult, target: string, ctx: ReporterContext): string {
  const failed = failingChecks(c);
  const title = `cutover ${target}: ${c.caseId} failed ${failed.map((f) => f.check).join(', ')}`;
  const message = failed.map((f) => `${f.check}: ${f.reason}`).join('\n');
  return command({ file: ctx.sourcePath?.(c.file) ?? c.file, line: c.line ?? 1, title }, message);
}

function runPasses(v: RunVerdict): boolean {
  return v.passes ?? (v.verdict === 'pass' || v.verdict === 'empty');
}

export const githubReporter = {
  name: 'github',
  file: null,
  *render(report: ReportInput, ctx: ReporterContext) {
    let annotated = 0;
    for (const c of report.cases) {
      if (c.verdict !== 'fail') continue;
      annotated++;
      yield caseAnnotation(c, report.target, ctx);
    }
    const v = report.verdict;
    if (runPasses(v)) return;
    // What no case line carries: an incomplete run, a failing run-level check; or, with no failing
    // case at all (inconclusive under --strict), the run's own reasons.
    const runLevel = [...(v.incomplete ? v.reasons.slice(0, 1) : []), ...v.overall.filter((o) => o.verdict === 'fail').map((o) => o.reason)];
    if (runLevel.length === 0 && annotated > 0) return;
    const message = (runLevel.length > 0 ? runLevel : v.reasons).join('\n') || verdictHeadline(v);
    yield command({ title: `cutover ${report.target}: ${verdictHeadline(v)}` }, message);
  },
  jobSummary: (report, ctx) => markdownReporter.render(report, ctx),
} satisfies Reporter;
