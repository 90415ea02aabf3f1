/**
 * The HTML report's "Output distribution" section (issue 16): the pooled test per reference arm,
 * every tested case's p-values, and for the cases that contribute most a few completions of each
 * arm side by side. Streams over the cases (they may be read from disk), two passes.
 */
import { findCheck, type CaseResult } from '../gate/types.ts';
import type { OverallDistributionCheck } from '../gate/distribution.ts';
import type { DistributionCheck } from '../score/distribution.ts';
import type { ReportInput } from './types.ts';
import { escapeHtml as e } from './html-escape.ts';

/** Cases whose completions are shown side by side. */
const SHOWN_CASES = 3;

function formatP(p: number | undefined): string {
  if (p === undefined) return '–';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

function tested(c: CaseResult): DistributionCheck | undefined {
  const check = findCheck(c.checks, 'distribution');
  return check !== undefined && check.metrics.pValue !== undefined ? check : undefined;
}

function pooledTable(overall: OverallDistributionCheck): string {
  const m = overall.metrics;
  const rows = m.tests
    .map((t) => {
      const stats = Object.entries(t.statistic)
        .map(([k, v]) => `${e(k)} ${(v as number).toFixed(2)}`)
        .join(' · ');
      return `<tr><td>${t.reference} baseline</td><td class="num">${t.cases}</td><td class="num">${t.referenceSamples} / ${t.candidateSamples}</td><td class="num">${formatP(t.pValue)}</td><td>${e(t.decidingKernel)}</td><td class="mono">${stats}</td></tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table class="distribution-pooled"><thead><tr><th scope="col">reference</th><th scope="col" class="num">cases</th><th scope="col" class="num">samples ref / cand</th><th scope="col" class="num">p</th><th scope="col">decided by kernel</th><th scope="col">pooled statistic (sum of per-case z)</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function caseRow(c: CaseResult, check: DistributionCheck): string {
  const m = check.metrics;
  const per = m.tests.map((t) => `${t.reference} ${formatP(t.pValue)}${t.exact ? ' (exact)' : ''}`).join(' · ');
  return `<tr data-verdict="${check.verdict}"><td><span class="badge ${check.verdict}">${check.verdict}</span></td><td><code><a href="#case-${e(c.caseId)}">${e(c.caseId)}</a></code></td><td class="num">${m.candidateSamples}</td><td class="mono">${e(per)}</td><td class="num" data-sort="${m.pValue ?? ''}">${formatP(m.pValue)}</td><td class="num">${formatP(m.pAdjusted)}</td></tr>`;
}

function samplesBlock(c: CaseResult, check: DistributionCheck): string {
  const ex = check.metrics.examples;
  if (ex === undefined) return '';
  const side = (label: string, texts: readonly string[]): string =>
    `<div><div class="side-label">${e(label)}</div>${texts.map((t) => `<pre>${e(t) || '<span class="muted">(empty)</span>'}</pre>`).join('')}</div>`;
  return `<div class="diff-case" id="distribution-${e(c.caseId)}"><h3><code>${e(c.caseId)}</code><span class="badge ${check.verdict}">${check.verdict}</span><span class="muted">p = ${formatP(check.metrics.pValue)}</span></h3>
<div class="diff">${side(`${check.metrics.decidedBy ?? 'live'} baseline`, ex.reference)}${side('candidate', ex.candidate)}</div></div>`;
}

export function* distributionSection(report: ReportInput): Generator<string, void, undefined> {
  const overall = report.verdict.overall.find((o): o is OverallDistributionCheck => o.check === 'distribution');
  if (overall === undefined) return;
  const m = overall.metrics;
  if (overall.verdict === 'not-measured') {
    yield `<h2 id="distribution">Output distribution</h2><p class="muted">${e(overall.reason)}</p>`;
    return;
  }
  yield `<h2 id="distribution">Output distribution</h2>
<p class="${overall.verdict === 'fail' ? 'callout' : 'muted'}">${e(overall.reason)}</p>
<p class="muted">Is the candidate serving the same distribution under the same model name? MMD two-sample test per case at temperature &gt; 0 (kernels ${e(m.kernels.join(' + '))}, min-p aggregated; first L = ${m.L} characters; ${m.permutations} seeded permutations; stratified by case when pooled); per-case p-values Holm-adjusted over ${m.cases} case(s); ${m.notMeasured} case(s) not measured. A case fails only when the pooled test does.</p>
${pooledTable(overall)}
<div class="table-wrap"><table class="distribution-cases"><thead><tr><th scope="col">verdict</th><th scope="col">case</th><th scope="col" class="num">candidate samples</th><th scope="col">p per reference</th><th scope="col" class="num">p</th><th scope="col" class="num">Holm p</th></tr></thead><tbody>
`;
  for (const c of report.cases) {
    const check = tested(c);
    if (check !== undefined) yield `${caseRow(c, check)}\n`;
  }
  yield '</tbody></table></div>\n';
  const top = new Set(m.topCases.slice(0, SHOWN_CASES).map((t) => t.caseId));
  if (top.size === 0) return;
  yield `<h3>Samples side by side: the ${top.size} case(s) that contribute most</h3>\n`;
  for (const c of report.cases) {
    if (!top.has(c.caseId)) continue;
    const check = tested(c);
    if (check !== undefined) yield `${samplesBlock(c, check)}\n`;
  }
}
