/** Top of the HTML report: the verdict, headline numbers, the per-gateway table and latency plots. */
import type { ArmSummary, Percentiles } from '../gate/types.ts';
import type { ReportInput } from './types.ts';
import { SERIES_COLORS } from './html-assets.ts';
import { escapeHtml as e } from './html-escape.ts';
import { cdfSvg, histogramSvg, type PlotSeries } from './svg.ts';
import { errorLines, errorRate, formatCost, formatInt, formatMs, formatPercent, formatRatio, ratio, truncateList, verdictHeadline } from './format.ts';

const MAX_HERO_REASONS = 8;

export function heroSection(report: ReportInput): string {
  const v = report.verdict;
  const total = report.cases.length;
  const sub = {
    fail: `${v.counts.fail} of ${total} cases fail`,
    inconclusive: `not enough evidence yet (${v.counts.inconclusive} inconclusive)`,
    pass: `candidate matches the baseline on ${v.counts.pass} of ${total} cases`,
    incomplete: `not a pass: only ${total} completed case(s) are scored`,
    empty: 'no case of the suite falls in this shard; nothing measured',
  }[v.verdict];
  const reasons = [
    ...v.failing.map((f) => `<a href="#case-${e(f.caseId)}"><code>${e(f.caseId)}</code></a> — ${f.checks.map((c, i) => `<strong>${e(c)}</strong>: ${e(f.reasons[i] ?? '')}`).join(' ')}`),
    ...v.overall.filter((c) => c.verdict === 'fail').map((c) => `run <strong>${e(c.check)}</strong>: ${e(c.reason)}`),
    ...v.reasons.map((r) => e(r)),
  ];
  const { shown, more } = truncateList(reasons, MAX_HERO_REASONS);
  const list = shown.length ? `<ul>${shown.map((r) => `<li>${r}</li>`).join('')}${more ? `<li>… and ${more} more (see the cases table)</li>` : ''}</ul>` : '';
  const counts = (['fail', 'inconclusive', 'pass', 'skipped'] as const)
    .map((k) => `<span class="badge ${k}">${v.counts[k]} ${k}</span>`)
    .join('');
  return `<section class="hero ${v.verdict}" id="verdict" data-verdict="${v.verdict}">
<h1><span class="word">${e(verdictHeadline(v))}</span><span class="sub">${e(sub)}</span></h1>
<div class="counts">${counts}</div>${list}</section>`;
}

export function metaLine(report: ReportInput): string {
  const g = report.gateways;
  const shard = report.shard ? `<span>shard ${report.shard.index}/${report.shard.count}</span>` : '';
  return `<div class="meta"><span><strong>cutover</strong> ${e(report.tool.version)}</span><span>target <strong>${e(report.target)}</strong></span><span>run <code>${e(report.runId)}</code></span><span><i class="dot baseline"></i>baseline ${e(g.baseline.name)}</span><span><i class="dot candidate"></i>candidate ${e(g.candidate.name)}</span>${shard}<span>${e(report.startedAt)}</span></div>`;
}

/** One headline number; `detail` is HTML (callers escape what they put in it). */
export function stat(label: string, value: string, detail: string): string {
  return `<div class="stat"><div class="label">${e(label)}</div><div class="value">${e(value)}</div><div class="detail">${detail}</div></div>`;
}

export function statsSection(report: ReportInput): string {
  const { baseline: b, candidate: c } = report.totals;
  const p50 = ratio(c.e2eMs.p50, b.e2eMs.p50);
  const p95 = ratio(c.e2eMs.p95, b.e2eMs.p95);
  return `<div class="stats">
${stat('requests', formatInt(report.totals.requests), `in ${e(formatMs(report.totals.durationMs))}`)}
${stat('error rate', `${formatPercent(errorRate(b))} → ${formatPercent(errorRate(c))}`, `baseline → candidate · ${b.retries} / ${c.retries} retries`)}
${stat('E2E p50 ratio', formatRatio(p50), `${e(formatMs(b.e2eMs.p50))} → ${e(formatMs(c.e2eMs.p50))}`)}
${stat('E2E p95 ratio', formatRatio(p95), `${e(formatMs(b.e2eMs.p95))} → ${e(formatMs(c.e2eMs.p95))}`)}
${stat('total cost', `${costShort(b)} → ${costShort(c)}`, `cost ${e(b.costSource)} / ${e(c.costSource)} · usage ${e(b.usageSource)} / ${e(c.usageSource)}`)}
</div>`;
}

function costShort(a: ArmSummary): string {
  return formatCost(a).replace(/ \(.*\)$/, '');
}

type Row = [label: string, baseline: string, candidate: string, ratio: number | null, lowerIsBetter: boolean];

function percentileRows(label: string, b: Percentiles | null, c: Percentiles | null): Row[] {
  return (['p50', 'p90', 'p95', 'p99'] as const).map((p) => [
    `${label} ${p}`,
    formatMs(b?.[p]),
    formatMs(c?.[p]),
    ratio(c?.[p] ?? null, b?.[p] ?? null),
    true,
  ]);
}

/** The arm's catalog reading, as one cell: when it was read and how many models it priced. */
function priceSource(report: ReportInput, role: 'baseline' | 'candidate'): string {
  const cat = report.pricing?.catalogs.find((c) => c.role === role);
  if (!report.pricing || !cat) return '–';
  const catalog = cat.error === null ? `catalog read ${cat.fetchedAt ?? '?'} (${cat.priced}/${cat.models} priced, ${cat.file ?? '-'})` : `catalog unreadable: ${cat.error}`;
  return `${catalog}; prices: ${report.pricing.configured} configured`;
}

function kinds(a: ArmSummary): string {
  const entries = Object.entries(a.errorKinds);
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : '–';
}

export function gatewaysSection(report: ReportInput): string {
  const { baseline: b, candidate: c } = report.totals;
  const gb = report.gateways.baseline;
  const gc = report.gateways.candidate;
  const gw = (g: typeof gb): string => `${g.name} · ${g.profile}${g.simulated ? ' · simulated' : ''}`;
  const rows: Row[] = [
    ['gateway', gw(gb), gw(gc), null, true],
    ['base URL', gb.baseURL, gc.baseURL, null, true],
    ['requests', formatInt(b.samples), formatInt(c.samples), null, true],
    ['ok', formatInt(b.ok), formatInt(c.ok), null, true],
    ['errors', `${b.errors} (${formatPercent(errorRate(b))})`, `${c.errors} (${formatPercent(errorRate(c))})`, ratio(errorRate(c), errorRate(b)), true],
    ['error kinds', kinds(b), kinds(c), null, true],
    ['retries', formatInt(b.retries), formatInt(c.retries), ratio(c.retries, b.retries), true],
    ...percentileRows('E2E', b.e2eMs, c.e2eMs),
    ...percentileRows('TTFT', b.ttftMs, c.ttftMs).filter((r) => r[1] !== '–' || r[2] !== '–'),
    ['prompt tokens', formatInt(b.promptTokens), formatInt(c.promptTokens), ratio(c.promptTokens, b.promptTokens), true],
    ['completion tokens', formatInt(b.completionTokens), formatInt(c.completionTokens), ratio(c.completionTokens, b.completionTokens), true],
    ['usage source', b.usageSource, c.usageSource, null, true],
    ['total cost', formatCost(b), formatCost(c), ratio(c.costNanos, b.costNanos), true],
    ['prices from', priceSource(report, 'baseline'), priceSource(report, 'candidate'), null, true],
    ['errors as seen', errorLines(b).join(' · ') || '–', errorLines(c).join(' · ') || '–', null, true],
  ];
  const body = rows
    .map(([label, vb, vc, q, lower]) => {
      // Colour only clear changes (±5 %), so noise does not look like a finding.
      const cls = q === null ? '' : (q > 1.05) === lower && Math.abs(q - 1) > 0.05 ? 'worse' : Math.abs(q - 1) > 0.05 ? 'better' : '';
      return `<tr><th scope="row">${e(label)}</th><td>${e(vb)}</td><td>${e(vc)}</td><td class="num ${cls}">${e(formatRatio(q))}</td></tr>`;
    })
    .join('\n');
  return `<h2 id="gateways">Gateways</h2>
<div class="table-wrap"><table class="gateways"><thead><tr><th></th><th><i class="dot baseline"></i>baseline</th><th><i class="dot candidate"></i>candidate</th><th class="num">candidate / baseline</th></tr></thead>
<tbody>${body}</tbody></table></div>`;
}

function series(report: ReportInput, metric: 'e2eMs' | 'ttftMs'): PlotSeries[] {
  return (['baseline', 'candidate'] as const).map((role) => ({
    id: role,
    label: `${role} · ${report.gateways[role].name}`,
    values: report.distributions[role][metric],
    color: SERIES_COLORS[role],
  }));
}

export function figure(caption: string, svg: string): string {
  return `<figure><figcaption>${e(caption)}</figcaption>${svg}</figure>`;
}

/** `similarities`: each compared case's similarity, gathered in one pass over the cases. */
export function latencySection(report: ReportInput, similarities: readonly number[]): string {
  const e2e = series(report, 'e2eMs');
  const ttft = series(report, 'ttftMs');
  const figures = [
    figure('E2E latency — cumulative share of requests', cdfSvg({ id: 'e2e-cdf', title: 'E2E latency CDF', xLabel: 'E2E latency (ms)', series: e2e })),
    figure('E2E latency — histogram', histogramSvg({ id: 'e2e-histogram', title: 'E2E latency histogram', xLabel: 'E2E latency (ms)', series: e2e })),
  ];
  if (ttft.some((s) => s.values.length)) {
    figures.push(
      figure('Time to first token — cumulative share', cdfSvg({ id: 'ttft-cdf', title: 'TTFT CDF', xLabel: 'TTFT (ms), streamed requests', series: ttft })),
      figure('Time to first token — histogram', histogramSvg({ id: 'ttft-histogram', title: 'TTFT histogram', xLabel: 'TTFT (ms), streamed requests', series: ttft })),
    );
  }
  if (similarities.length) {
    figures.push(
      figure('Output similarity per case (candidate vs reference)', histogramSvg({ id: 'similarity', title: 'Similarity histogram', xLabel: 'similarity (1 = identical)', domain: [0, 1], series: [{ id: 'candidate', label: 'cases', values: similarities, color: SERIES_COLORS.neutral }] })),
    );
  }
  return `<h2 id="latency">Latency</h2><p class="muted">Successful, non-contract requests; warm-up excluded. Candidate in orange, baseline in blue.</p><div class="plots">${figures.join('\n')}</div>`;
}
