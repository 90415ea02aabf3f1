/**
 * Lower part of the HTML report: the cases table, output diffs, error contract, findings, definitions.
 * Sections with a part per case are generators yielding one case at a time (cases may be read
 * from disk); what they must state before their first case (counts) is passed in from one earlier pass.
 */
import type { CaseResult } from '../gate/types.ts';
import type { ReportInput, ReporterContext } from './types.ts';
import { contractCallouts, type ContractField, type ContractRow } from './contract.ts';
import { escapeHtml as e } from './html-escape.ts';
import { caseSimilarity, checkVerdictLabel, formatMs, formatUsd, describeExpectation, formatRatio, ratio, transportName, VERDICT_RANK } from './format.ts';
import { wordDiff } from './word-diff.ts';

/** Longer outputs are cut before diffing so one huge answer cannot make the report unusable. */
const MAX_DIFF_CHARS = 20_000;

/** Cost in a table cell with its source (provenance.ts), never a bare number. */
function cost(arm: CaseResult['baseline']): string {
  return arm.costNanos === null ? '<span class="muted">unknown</span>' : `${e(formatUsd(arm.costNanos))} <span class="src">${e(arm.costSource)}</span>`;
}

/** Tokens per successful request in a table cell, with their source. */
function tokens(arm: CaseResult['baseline']): string {
  if (arm.ok === 0) return '–';
  return `${Math.round((arm.promptTokens + arm.completionTokens) / arm.ok)} <span class="src">${e(arm.usageSource)}</span>`;
}

function caseRow(c: CaseResult): string {
  const checks = c.checks
    .map((k) => `<span class="chk ${k.verdict}" title="${e(`${checkVerdictLabel(k.verdict)}: ${k.reason}`)}">${e(k.check)}</span>`)
    .join('');
  const sim = caseSimilarity(c);
  const q = ratio(c.candidate.e2eMs.p50, c.baseline.e2eMs.p50);
  const search = [c.caseId, c.file, c.status, ...c.tags, ...c.checks.filter((k) => k.verdict === 'fail').map((k) => k.check)].join(' ').toLowerCase();
  const id = c.diff ? `<a href="#diff-${e(c.caseId)}">${e(c.caseId)}</a>` : e(c.caseId);
  const status = c.status === 'compared' ? '' : ` <span class="chk skipped">${e(c.status)}</span>`;
  return `<tr id="case-${e(c.caseId)}" data-verdict="${c.verdict}" data-search="${e(search)}">
<td data-sort="${VERDICT_RANK[c.verdict]}"><span class="badge ${c.verdict}">${c.verdict}</span></td>
<td><code>${id}</code>${status}<div class="muted mono file">${e(c.file)}</div></td>
<td class="checks">${checks}</td>
<td class="num" data-sort="${sim ?? ''}">${sim === null ? '–' : sim.toFixed(2)}</td>
<td class="num nowrap" data-sort="${c.candidate.e2eMs.p50 ?? ''}">${c.baseline.e2eMs.n + c.candidate.e2eMs.n ? `${e(formatMs(c.baseline.e2eMs.p50))} → ${e(formatMs(c.candidate.e2eMs.p50))}` : '–'}</td>
<td class="num" data-sort="${q ?? ''}">${e(formatRatio(q))}</td>
<td class="num nowrap" data-sort="${c.candidate.errors}">${c.baseline.errors} / ${c.candidate.errors}</td>
<td class="num nowrap" data-sort="${c.candidate.ok ? (c.candidate.promptTokens + c.candidate.completionTokens) / c.candidate.ok : ''}">${tokens(c.baseline)} / ${tokens(c.candidate)}</td>
<td class="num nowrap" data-sort="${c.candidate.costNanos ?? ''}">${cost(c.baseline)} / ${cost(c.candidate)}</td>
</tr>`;
}

export function* casesSection(report: ReportInput): Generator<string, void, undefined> {
  const head = [
    ['verdict', 'num', ''],
    ['case', 'text', ''],
    ['checks', 'text', ''],
    ['similarity', 'num', 'num'],
    ['E2E p50 b → c', 'num', 'num'],
    ['ratio', 'num', 'num'],
    ['errors b / c', 'num', 'num'],
    ['tokens/request b / c', 'num', 'num'],
    ['cost b / c', 'num', 'num'],
  ]
    .map(([label, type, cls], col) => `<th scope="col" class="${cls}"><button type="button" data-col="${col}" data-type="${type}">${label}</button></th>`)
    .join('');
  const options = ['fail', 'inconclusive', 'pass', 'skipped'].map((v) => `<option value="${v}">${v}</option>`).join('');
  yield `<h2 id="cases-title">Cases</h2>
<div class="controls"><input id="case-filter" type="search" placeholder="Filter by id, file, tag or failing check" aria-label="Filter cases">
<select id="verdict-filter" aria-label="Filter by verdict"><option value="">all verdicts</option>${options}</select>
<span id="case-count" class="muted">${report.cases.length} cases</span></div>
<div class="table-wrap"><table id="cases"><thead><tr>${head}</tr></thead><tbody>
`;
  let first = true;
  for (const c of report.cases) {
    yield first ? caseRow(c) : `\n${caseRow(c)}`;
    first = false;
  }
  yield '\n</tbody></table></div>';
}

function diffSide(text: string, parts: ReturnType<typeof wordDiff>, keep: 'delete' | 'insert'): string {
  const body = parts
    .filter((p) => p.op === 'equal' || p.op === keep)
    .map((p) => (p.op === 'equal' ? e(p.text) : keep === 'delete' ? `<del>${e(p.text)}</del>` : `<ins>${e(p.text)}</ins>`))
    .join('');
  return body || `<span class="muted">${text ? '' : '(empty)'}</span>`;
}

function cut(text: string): { text: string; cut: boolean } {
  return text.length > MAX_DIFF_CHARS ? { text: text.slice(0, MAX_DIFF_CHARS), cut: true } : { text, cut: false };
}

function diffBlock(report: ReportInput, c: CaseResult, d: NonNullable<CaseResult['diff']>): string {
  const ref = cut(d.reference);
  const cand = cut(d.candidate);
  const parts = wordDiff(ref.text, cand.text);
  const note = ref.cut || cand.cut ? `<p class="muted">Texts cut at ${MAX_DIFF_CHARS.toLocaleString('en-US')} characters for display.</p>` : '';
  const from = d.referenceFrom === 'stored' ? 'stored baseline' : `live baseline · ${report.gateways.baseline.name}`;
  return `<article class="diff-case" id="diff-${e(c.caseId)}" data-case="${e(c.caseId)}">
<h3><span class="badge ${c.verdict}">${c.verdict}</span><code>${e(c.caseId)}</code><span class="muted">similarity ${d.similarity.toFixed(2)} · word diff</span></h3>
<div class="diff"><div><div class="side-label">reference · ${e(from)}</div><pre>${diffSide(ref.text, parts, 'delete')}</pre></div>
<div><div class="side-label">candidate · ${e(report.gateways.candidate.name)}</div><pre>${diffSide(cand.text, parts, 'insert')}</pre></div></div>${note}
</article>`;
}

/** `changed`: how many cases carry a diff (counted in an earlier pass; the heading states it). */
export function* diffsSection(report: ReportInput, changed: number): Generator<string, void, undefined> {
  if (!changed) {
    yield `<h2 id="diffs">Changed outputs</h2><p class="muted">No case's output differs from its reference.</p>`;
    return;
  }
  yield `<h2 id="diffs">Changed outputs (${changed})</h2>\n`;
  let first = true;
  for (const c of report.cases) {
    if (!c.diff) continue;
    yield first ? diffBlock(report, c, c.diff) : `\n${diffBlock(report, c, c.diff)}`;
    first = false;
  }
}

const FIELDS: ReadonlyArray<[ContractField, string]> = [
  ['status', 'status'],
  ['code', 'code'],
  ['kind', 'kind'],
  ['sdkClass', 'SDK class'],
  ['bodyShape', 'body shape'],
];

function contractPair(r: ContractRow): string {
  const cells = (role: 'baseline' | 'candidate'): string => {
    const s = r[role];
    return FIELDS.map(([f]) => {
      const value = s ? (s[f] ?? '–') : 'not run';
      return `<td class="${r.differing.includes(f) ? 'differs' : ''}">${e(String(value))}</td>`;
    }).join('');
  };
  const lead = `<td rowspan="2"><code>${e(r.caseId)}</code><div class="muted">${e(describeExpectation(r.expected))}</div></td><td rowspan="2">${transportName(r.stream)}</td>`;
  return `<tr class="pair-start" data-differs="${r.differing.length > 0}">${lead}<td title="request id ${e(r.baseline?.requestId ?? 'none')}"><i class="dot baseline"></i>baseline</td>${cells('baseline')}</tr>
<tr data-differs="${r.differing.length > 0}"><td title="request id ${e(r.candidate?.requestId ?? 'none')}"><i class="dot candidate"></i>candidate</td>${cells('candidate')}</tr>`;
}

/** `rows`: the contract rows, gathered in an earlier pass (contract cases are few; each is a pair of table rows). */
export function* contractSection(rows: readonly ContractRow[]): Generator<string, void, undefined> {
  if (!rows.length) return;
  const callouts = contractCallouts(rows).map((c) => `<p class="callout">${e(c)}</p>`).join('');
  yield `<h2 id="contract">Error contract</h2>
<p class="muted">How each gateway fails on purpose-made bad requests. Highlighted cells differ between the gateways — application error handling must accept both. Hover a gateway for its request id.</p>${callouts}
<div class="table-wrap"><table class="contract"><thead><tr><th>case</th><th>transport</th><th>gateway</th>${FIELDS.map(([, l]) => `<th>${l}</th>`).join('')}</tr></thead>
<tbody>`;
  let first = true;
  for (const r of rows) {
    yield first ? contractPair(r) : `\n${contractPair(r)}`;
    first = false;
  }
  yield '</tbody></table></div>';
}

/**
 * The run's findings. They already hold each case's own findings, prefixed with its id (eval and
 * merge gather them once, in src/run/findings.ts): listing the cases' findings again here showed
 * every contract difference twice.
 */
export function findingsSection(report: ReportInput): string {
  if (!report.findings.length && !report.verdict.overall.length) return '<h2 id="findings">Findings</h2><p class="muted">None.</p>';
  const items = [
    ...report.findings.map((f) => `<li>${e(f)}</li>`),
    ...report.verdict.overall.map((k) => `<li><span class="chk ${k.verdict}">${e(k.check)}</span> ${e(k.reason)}</li>`),
  ];
  return `<h2 id="findings">Findings</h2><ul class="findings">${items.join('')}</ul>`;
}

export function definitionsSection(report: ReportInput): string {
  const defs = Object.entries(report.definitions)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join('');
  return `<h2 id="definitions">Definitions</h2><dl class="defs">${defs}</dl>`;
}

export function footer(report: ReportInput, ctx: ReporterContext): string {
  const s = report.settings;
  const sb = report.storedBaseline;
  const baseline = sb.status === 'loaded' ? `${sb.file} (recorded ${sb.recordedAt ?? '?'} on ${sb.gateway ?? '?'})` : `${sb.file} (missing)`;
  return `<footer>Run ${e(report.startedAt)} → ${e(report.finishedAt)} · concurrency ${s.concurrency.baseline}/${s.concurrency.candidate} · repeat ${s.repeat} · warm-up ${s.warmup}${s.strict ? ' · strict' : ''}<br>
Stored baseline: ${e(baseline)}${report.files.length ? `<br>Files: ${report.files.map((f) => e(f)).join(', ')}` : ''}<br>
Generated ${e(ctx.now().toISOString())} by cutover ${e(report.tool.version)} · report schema v${report.schemaVersion}</footer>`;
}
