/**
 * summary.md for a CI job summary or PR comment: the verdict, the few numbers that matter,
 * the failing and inconclusive cases with the check and reason, the cases not compared with the
 * stored baseline, the error contract side by side, and where the full report is. Lists are cut
 * so a big suite stays under ~85 lines.
 */
import type { ArmSummary } from '../gate/types.ts';
import type { ReportInput, Reporter, ReporterContext } from './types.ts';
import { caseNotes, notComparedLines, type CaseNotes } from './case-notes.ts';
import { contractCallouts, differingText, statusAndCode, type ContractRow } from './contract.ts';
import { errorLines, errorRate, formatCost, formatInt, formatMs, formatPercent, formatRatio, formatTokens, headlineFindings, pricingLines, ratio, RUN_VERDICT_EMOJI, truncateList, verdictHeadline } from './format.ts';
import { pricingFindings, upstreamMappingFindings } from './gateway-notes.ts';

const MAX_FAILING = 25;
const MAX_REASON = 160;
const MAX_CONTRACT_ROWS = 8;
const MAX_ERROR_KINDS = 4;
const MAX_INCONCLUSIVE = 8;
const MAX_LISTED = 20;

/** Text safe inside a Markdown table cell and inert as HTML (outputs and reasons are untrusted). */
export function mdText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

function numbersTable(report: ReportInput): string[] {
  const { baseline: b, candidate: c } = report.totals;
  const row = (label: string, f: (a: ArmSummary) => string): string => `| ${label} | ${f(b)} | ${f(c)} |`;
  return [
    `| | baseline · ${mdText(report.gateways.baseline.name)} | candidate · ${mdText(report.gateways.candidate.name)} |`,
    '|---|---|---|',
    row('requests', (a) => formatInt(a.samples)),
    row('error rate', (a) => `${formatPercent(errorRate(a))} (${a.errors})`),
    row('p50 / p95 E2E', (a) => `${formatMs(a.e2eMs.p50)} / ${formatMs(a.e2eMs.p95)}`),
    row('tokens (usage source)', (a) => formatTokens(a)),
    row('total cost (cost source)', (a) => formatCost(a)),
  ];
}

/** Where the token and cost numbers came from (catalogs, `prices:`), and price flags. */
function sourcesSection(report: ReportInput): string[] {
  const lines = pricingLines(report).map((l) => `- ${mdText(l)}`);
  const notes = pricingFindings(report.pricing).map((n) => `> ⚠️ ${mdText(n)}`);
  if (!lines.length && !notes.length) return [];
  return ['Where tokens and costs come from (sources defined in report.html):', '', ...lines, ...(notes.length ? ['', ...notes] : []), ''];
}

/** Errors as the client saw them, per gateway, and upstream failures that reach the client differently. */
function errorsSection(report: ReportInput): string[] {
  const lines: string[] = [];
  for (const role of ['baseline', 'candidate'] as const) {
    const errs = errorLines(report.totals[role]);
    if (!errs.length) continue;
    const { shown, more } = truncateList(errs, MAX_ERROR_KINDS);
    lines.push(`- ${role} ${code(report.totals[role].gateway)}:`, ...shown.map((l) => `  - ${mdText(l)}`), ...(more ? [`  - … and ${more} more kinds`] : []));
  }
  const notes = upstreamMappingFindings(report.totals).map((n) => `> ⚠️ ${mdText(n)}`);
  if (!lines.length && !notes.length) return [];
  return ['### Errors as the client saw them', '', ...lines, ...(notes.length ? ['', ...notes] : []), ''];
}

/**
 * Why the table's cost and the cost check's differ: the table sums every request of the run, each
 * side at its own source; the check compares one pass of the suite (each case's mean cost per
 * request) over the cases priced on both sides.
 */
function costNote(report: ReportInput): string[] {
  const check = report.verdict.overall.find((c) => c.check === 'cost');
  if (!check) return [];
  return [`Cost: the table sums every request of the run, each side at its own source; the cost check compares one pass of the suite (each case's mean cost per request) over the cases priced on both sides — ${mdText(check.reason)}`, ''];
}

const cut = (text: string): string => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text);

/** Inconclusive cases by name, with the check and why: "21 inconclusive" alone tells a reviewer nothing. */
function inconclusiveSection(notes: CaseNotes): string[] {
  if (!notes.inconclusive.length) return [];
  const { shown, more } = truncateList(notes.inconclusive, MAX_INCONCLUSIVE);
  const lines = [`### Inconclusive cases (${notes.inconclusive.length}): measured, not enough evidence to tell`, '', '| case | checks | why |', '|---|---|---|'];
  for (const c of shown) lines.push(`| ${code(c.caseId)} | ${c.checks.join(', ')} | ${mdText(cut(c.reason))} |`);
  if (more) lines.push(`| … and ${more} more (see report.html) | | |`);
  return [...lines, ''];
}

/** Cases not compared with the stored baseline, as a note under the numbers (no section of its own). */
function notComparedNote(notes: CaseNotes, target: string): string[] {
  const lines = notComparedLines(notes, target, (ids) => {
    const { shown, more } = truncateList(ids, MAX_LISTED);
    return `${shown.map(code).join(', ')}${more ? ` and ${more} more` : ''}`;
  });
  // Case ids and target names are validated ([a-z0-9._-]): nothing to escape.
  return lines.length ? [...lines.map((l) => `> ⚠️ Not compared with the stored baseline: ${l}`), ''] : [];
}

function failingSection(report: ReportInput): string[] {
  const failing = report.verdict.failing;
  if (!failing.length) return [];
  // Every failing case is named (a PR reviewer must see all of them); reasons are cut short.
  const { shown, more } = truncateList(failing, MAX_FAILING);
  const lines = [`### Failing cases (${failing.length})`, '', '| case | failed checks | why |', '|---|---|---|'];
  for (const f of shown) {
    lines.push(`| ${code(f.caseId)} | ${f.checks.map((c) => `**${c}**`).join(', ')} | ${mdText(cut(f.reasons[0] ?? ''))} |`);
  }
  if (more) lines.push(`| … and ${more} more (see report.html) | | |`);
  return [...lines, ''];
}

function contractSection(rows: readonly ContractRow[]): string[] {
  if (!rows.length) return [];
  const differing = rows.filter((r) => r.differing.length > 0);
  // Differences first: they are what application error handling has to absorb.
  const ordered = [...differing, ...rows.filter((r) => r.differing.length === 0)];
  const { shown, more } = truncateList(ordered, MAX_CONTRACT_ROWS);
  const mark = (text: string, differs: boolean): string => (differs ? `**${text}**` : text);
  const lines = [
    `### Error contract (${differing.length} of ${rows.length} differ)`,
    '',
    '| case | transport | baseline | candidate | differs in |',
    '|---|---|---|---|---|',
  ];
  for (const r of shown) {
    const differs = r.differing.includes('status') || r.differing.includes('code');
    lines.push(
      `| ${code(r.caseId)} | ${r.stream ? 'stream' : 'non-stream'} | ${mdText(statusAndCode(r.baseline))} | ${mark(mdText(statusAndCode(r.candidate)), differs)} | ${r.differing.length ? mdText(differingText(r)) : '–'} |`,
    );
  }
  if (more) lines.push(`| … and ${more} more | | | | |`);
  lines.push('');
  for (const callout of contractCallouts(rows)) lines.push(`> ⚠️ ${mdText(callout)}`);
  return [...lines, ''];
}

/** One line: is the candidate serving the same output distribution (issue 16)? */
function distributionLine(report: ReportInput): string[] {
  const overall = report.verdict.overall.find((o) => o.check === 'distribution');
  // A failure is already among the run's reasons above.
  if (overall === undefined || overall.verdict !== 'pass') return [];
  return [`✅ ${mdText(overall.reason)}`, ''];
}

/** The whole summary as one string: it is short (cut lists), whatever the size of the suite. */
export function renderMarkdown(report: ReportInput, ctx: ReporterContext): string {
  const v = report.verdict;
  const { counts } = v;
  const p50 = ratio(report.totals.candidate.e2eMs.p50, report.totals.baseline.e2eMs.p50);
  const p95 = ratio(report.totals.candidate.e2eMs.p95, report.totals.baseline.e2eMs.p95);
  const lines = [`## ${RUN_VERDICT_EMOJI[v.verdict]} cutover: **${mdText(verdictHeadline(v))}** — ${mdText(report.target)}`, ''];
  lines.push(
    `${v.verdict === 'incomplete' ? 'completed cases: ' : ''}${counts.pass} pass · ${counts.fail} fail · ${counts.inconclusive} inconclusive · ${counts.skipped} skipped — ` +
      `${formatInt(report.totals.requests)} requests in ${formatMs(report.totals.durationMs)} · run ${code(report.runId)}`,
    '',
  );
  if (report.storedBaseline.status === 'missing') lines.push(`> ⚠️ No stored baseline (${code(report.storedBaseline.file)}); compared with the live baseline gateway only.`, '');
  for (const finding of headlineFindings(report.findings)) lines.push(`> ⚠️ ${mdText(finding)}`, '');
  const notes = caseNotes(report);
  lines.push(...notComparedNote(notes, report.target));
  lines.push(...numbersTable(report), '', `Latency candidate / baseline: **p50 ${formatRatio(p50)}**, **p95 ${formatRatio(p95)}**`, '', ...sourcesSection(report), ...costNote(report));
  const runReasons = [...v.reasons, ...v.overall.filter((c) => c.verdict === 'fail' && !v.reasons.includes(c.reason)).map((c) => `${c.check}: ${c.reason}`)];
  if (runReasons.length) {
    const { shown, more } = truncateList(runReasons, 5);
    lines.push(...shown.map((r) => `- ${mdText(r)}`), ...(more ? [`- … and ${more} more`] : []), '');
  }
  lines.push(...distributionLine(report), ...failingSection(report), ...inconclusiveSection(notes), ...errorsSection(report), ...contractSection(notes.contract));
  const dir = (ctx.displayDir ?? ctx.outDir).replace(/\/+$/, '');
  lines.push(`Full report: ${code(`${dir}/report.html`)} (self-contained; open it from the workflow artifact).`, '');
  return lines.join('\n');
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  file: 'summary.md',
  *render(report, ctx) {
    yield renderMarkdown(report, ctx);
  },
};
