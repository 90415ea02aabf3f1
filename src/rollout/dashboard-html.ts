/**
 * dashboard.html: the canary as one self-contained page in report.html's look (its style sheet,
 * plots and Content-Security-Policy: nothing is fetched, nothing runs but what is inline).
 */
import { CSS } from '../report/html-assets.ts';
import { escapeHtml as e } from '../report/html-escape.ts';
import { pageHead } from '../report/html-page.ts';
import { figure, stat } from '../report/html-summary.ts';
import { dashboardCharts } from './dashboard-charts.ts';
import { armRows, DECISION_CLASS, definitions, noTimeAxis, stats, subline, windowText, windowVerdict, type DashboardInput } from './dashboard.ts';

const DASHBOARD_CSS = `
.window-bar { height: 12px; border-radius: 6px; background: var(--soft); border: 1px solid var(--line); overflow: hidden; margin: 8px 0 4px; max-width: 640px; }
.window-bar span { display: block; height: 100%; }
.window-bar .pass { background: var(--pass); } .window-bar .inconclusive { background: var(--inconclusive); } .window-bar .none { background: #afb8c1; }
table.checks td:nth-child(2) { white-space: nowrap; }
`;

function hero(d: DashboardInput): string {
  const r = d.analysis.result;
  const cls = DECISION_CLASS[r.decision];
  const reasons = r.reasons.map((x) => `<li>${e(x)}</li>`).join('');
  return `<section class="hero ${cls}" id="decision" data-decision="${r.decision}">
<h1><span class="word">${r.decision.toUpperCase()}</span><span class="sub">${e(subline(d))}</span></h1>
<ul>${reasons}</ul></section>`;
}

function meta(d: DashboardInput): string {
  const o = d.analysis.observed;
  const window = o.from && o.to ? `<span>${e(o.from)} → ${e(o.to)}</span>` : '';
  return `<div class="meta"><span><strong>cutover</strong> ${e(d.version)}</span><span>canary rollout</span><span><i class="dot baseline"></i>baseline</span><span><i class="dot candidate"></i>candidate</span>${window}<span>${d.files.length} metrics file${d.files.length === 1 ? '' : 's'}</span></div>`;
}

function overTime(d: DashboardInput, charts: ReturnType<typeof dashboardCharts>): string {
  const timed = charts.filter((c) => c.id !== 'cumulative-cdf');
  const none = noTimeAxis(d);
  if (none !== null || timed.length === 0) return `<h2 id="over-time">Over time</h2><p class="callout">${e(none ?? '')}</p>`;
  return `<h2 id="over-time">Over time</h2><p class="muted">Per arm; ${e(definitions(d)[0]?.[1] ?? '')}. Candidate in orange, baseline in blue; a red band marks the degradation window named above.</p>
<div class="plots">${timed.map((c) => figure(c.caption, c.svg)).join('\n')}</div>`;
}

function cumulative(d: DashboardInput, charts: ReturnType<typeof dashboardCharts>): string {
  const checks = d.analysis.result.checks
    .map((c) => `<tr><td><strong>${e(c.check)}</strong></td><td><span class="badge ${e(c.verdict)}">${e(c.verdict)}</span></td><td>${e(c.reason)}</td></tr>`)
    .join('');
  const rows = armRows(d.metrics)
    .map(([label, b, c]) => `<tr><th scope="row">${e(label)}</th><td>${e(b)}</td><td>${e(c)}</td></tr>`)
    .join('');
  const cdf = charts.find((c) => c.id === 'cumulative-cdf');
  return `<h2 id="cumulative">Cumulative comparison</h2><p class="muted">What the decision was computed from: every call of the window, per arm.</p>
<div class="table-wrap"><table class="checks"><thead><tr><th>check</th><th>verdict</th><th>reason</th></tr></thead><tbody>${checks}</tbody></table></div>
<div class="plots" style="margin-top:14px"><div class="table-wrap"><table class="gateways"><thead><tr><th></th><th><i class="dot baseline"></i>baseline</th><th><i class="dot candidate"></i>candidate</th></tr></thead><tbody>${rows}</tbody></table></div>
${cdf ? figure(cdf.caption, cdf.svg) : ''}</div>`;
}

function releaseWindow(d: DashboardInput): string {
  const o = d.analysis.observed;
  const fill = o.minimumMs === null ? 1 : Math.min(1, o.ms / o.minimumMs);
  const cls = o.minimumMs === null ? 'none' : o.longEnough ? 'pass' : 'inconclusive';
  return `<h2 id="window">Release-cycle window</h2><p id="window-text" data-long-enough="${o.longEnough === null ? 'not-set' : String(o.longEnough)}">${e(windowText(d))}</p>
<div class="window-bar" title="${e(windowVerdict(d))}"><span class="${cls}" style="width:${(fill * 100).toFixed(1)}%"></span></div><p class="muted">${e(windowVerdict(d))}</p>`;
}

export function renderDashboardHtml(d: DashboardInput): string {
  const charts = dashboardCharts(d.analysis, d.metrics);
  const title = `cutover rollout ${d.analysis.result.decision.toUpperCase()}`;
  const defs = definitions(d)
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
    .join('');
  return `${pageHead(title, CSS + DASHBOARD_CSS)}${meta(d)}
${hero(d)}
<div class="stats">${stats(d)
    .map((s) => stat(s.label, s.value, e(s.detail)))
    .join('\n')}</div>
${overTime(d, charts)}
${cumulative(d, charts)}
${releaseWindow(d)}
<h2 id="definitions">Definitions</h2><dl class="defs">${defs}</dl>
<footer>Metrics: ${d.files.map((f) => e(f)).join(', ')}<br>Generated ${e(d.generatedAt.toISOString())} by cutover ${e(d.version)}</footer>
</main>
</body>
</html>
`;
}
