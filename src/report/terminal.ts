/**
 * The short verdict printed at the end of a run: what failed and why, how the gateways'
 * error contracts differ, and where the reports are. Colour is optional (no TTY, NO_COLOR).
 */
import type { RunVerdictKind } from '../gate/types.ts';
import type { ReportInput } from './types.ts';
import { caseNotes, notComparedLines } from './case-notes.ts';
import { contractCallouts, differingText, statusAndCode } from './contract.ts';
import { pricingFindings, upstreamMappingFindings } from './gateway-notes.ts';
import { errorLines, errorRate, formatCost, formatMs, formatPercent, formatRatio, formatTokens, headlineFindings, ratio, transportName, truncateList, verdictHeadline } from './format.ts';

const MAX_FAILING = 15;
const MAX_CONTRACT = 8;
const MAX_ERROR_KINDS = 4;
const MAX_INCONCLUSIVE = 8;

const ANSI = { red: 31, green: 32, yellow: 33, grey: 90, bold: 1, dim: 2, inverse: 7 } as const;
type Style = keyof typeof ANSI;

/** Strings in reports may quote model output: no escape sequence of theirs reaches the terminal. */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, '');
}

export interface VerdictOptions {
  color: boolean;
  /** Folder the reports were written to, as the user should type it. */
  reportDir?: string;
}

export function renderVerdict(report: ReportInput, opts: VerdictOptions): string {
  const paint = (text: string, ...styles: Style[]): string =>
    opts.color && styles.length ? `\x1b[${styles.map((s) => ANSI[s]).join(';')}m${text}\x1b[0m` : text;
  const tone: Record<RunVerdictKind, Style> = { pass: 'green', fail: 'red', inconclusive: 'yellow', incomplete: 'red', empty: 'grey' };
  const v = report.verdict;
  const c = v.counts;
  const t = report.totals;
  const lines: string[] = [];

  const word = verdictHeadline(v);
  const badge = opts.color ? paint(` ${word} `, tone[v.verdict], 'inverse', 'bold') : word;
  const completed = v.verdict === 'incomplete' ? ' completed' : '';
  lines.push(
    `${badge}  ${stripControl(report.target)} · ${report.cases.length}${completed} cases: ${c.fail} fail, ${c.inconclusive} inconclusive, ${c.pass} pass, ${c.skipped} skipped · ${t.requests} requests in ${formatMs(t.durationMs)}`,
  );

  const failures = [
    ...v.failing.flatMap((f) => f.checks.map((check, i) => ({ id: f.caseId, check: check as string, reason: f.reasons[i] ?? '' }))),
    ...v.overall.filter((o) => o.verdict === 'fail').map((o) => ({ id: '(run)', check: o.check as string, reason: o.reason })),
  ];
  const notes = caseNotes(report);
  const unsure = notes.inconclusive.map((x) => ({ id: x.caseId, check: x.checks.join(','), reason: x.reason }));
  const listed = [...truncateList(failures, MAX_FAILING).shown, ...truncateList(unsure, MAX_INCONCLUSIVE).shown];
  const idWidth = Math.min(32, Math.max(0, ...listed.map((f) => f.id.length)));
  const checkWidth = Math.max(0, ...listed.map((f) => f.check.length));
  const list = (items: typeof failures, max: number, mark: string): void => {
    const { shown, more } = truncateList(items, max);
    for (const f of shown) lines.push(`  ${mark} ${stripControl(f.id).padEnd(idWidth)}  ${paint(f.check.padEnd(checkWidth), 'bold')}  ${stripControl(f.reason)}`);
    if (more) lines.push(paint(`  … and ${more} more (see summary.md)`, 'dim'));
  };
  list(failures, MAX_FAILING, paint('✗', 'red'));
  list(unsure, MAX_INCONCLUSIVE, paint('?', 'yellow'));
  for (const reason of v.reasons) lines.push(`  ${paint('•', 'yellow')} ${stripControl(reason)}`);
  for (const finding of headlineFindings(report.findings)) lines.push(`  ${paint('!', 'yellow')} ${stripControl(finding)}`);
  for (const line of notComparedLines(notes, report.target, (ids) => ids.join(', '))) lines.push(`  ${paint('~', 'yellow')} ${stripControl(line)}`);

  const b = t.baseline;
  const cand = t.candidate;
  lines.push(
    paint(
      `  latency p50 ${formatRatio(ratio(cand.e2eMs.p50, b.e2eMs.p50))} · p95 ${formatRatio(ratio(cand.e2eMs.p95, b.e2eMs.p95))} · errors ${formatPercent(errorRate(b))} → ${formatPercent(errorRate(cand))} · tokens ${formatTokens(b)} → ${formatTokens(cand)} · cost of all requests ${formatCost(b)} → ${formatCost(cand)}`,
      'dim',
    ),
  );
  // Errors as the client saw them, per gateway (the kinds alone hide an HTML 200 or an upstream 429).
  for (const role of ['baseline', 'candidate'] as const) {
    const errs = errorLines(t[role]);
    if (errs.length === 0) continue;
    const cut = truncateList(errs, MAX_ERROR_KINDS);
    lines.push(`  Errors on ${role} ${stripControl(t[role].gateway)}:`);
    for (const l of cut.shown) lines.push(`    ${stripControl(l)}`);
    if (cut.more) lines.push(paint(`    … and ${cut.more} more kinds (see summary.md)`, 'dim'));
  }
  for (const note of [...upstreamMappingFindings(t), ...pricingFindings(report.pricing)]) lines.push(`  ${paint('!', 'yellow')} ${stripControl(note)}`);

  const contract = notes.contract;
  const differing = contract.filter((r) => r.differing.length > 0);
  if (differing.length) {
    lines.push(`  Error contract differs on ${differing.length} case${differing.length === 1 ? '' : 's'} × transport:`);
    const cut = truncateList(differing, MAX_CONTRACT);
    for (const r of cut.shown) {
      lines.push(
        `    ${stripControl(r.caseId)} (${transportName(r.stream)}): baseline ${stripControl(statusAndCode(r.baseline))} → candidate ${stripControl(statusAndCode(r.candidate))} — differs in ${stripControl(differingText(r))}`,
      );
    }
    if (cut.more) lines.push(paint(`    … and ${cut.more} more`, 'dim'));
    for (const callout of contractCallouts(contract)) lines.push(`  ${paint('!', 'yellow')} ${stripControl(callout)}`);
  }

  if (report.files.length) {
    const dir = opts.reportDir ? `${opts.reportDir.replace(/\/+$/, '')}/` : '';
    const html = report.files.find((f) => f.endsWith('.html'));
    const others = report.files.filter((f) => f !== html);
    const head = html ? `${dir}${html}` : `${dir}${others.shift() ?? ''}`;
    lines.push(`  Reports: ${paint(stripControl(head), 'bold')}${others.length ? paint(` (+ ${others.join(', ')})`, 'dim') : ''}`);
  } else if (opts.reportDir) {
    lines.push(`  Reports: ${paint(stripControl(opts.reportDir), 'bold')}`);
  }
  return `${lines.join('\n')}\n`;
}
