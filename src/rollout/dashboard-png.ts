/**
 * dashboard.png: the dashboard's decision, numbers and the same plots, laid out as one SVG and
 * rendered by resvg — no browser — for a change request or the migration guide's
 * `02-canary-metrics.png`.
 */
import { svgToPng, type Png } from '../report/png.ts';
import { SvgPoster, textEl } from '../report/svg-poster.ts';
import { dashboardCharts } from './dashboard-charts.ts';
import { armRows, DECISION_CLASS, noTimeAxis, stats, subline, windowText, type DashboardInput } from './dashboard.ts';

export const DASHBOARD_PNG_WIDTH = 1200;

const COLORS = {
  pass: { ink: '#1a7f37', bg: '#dafbe1' },
  fail: { ink: '#cf222e', bg: '#ffebe9' },
  inconclusive: { ink: '#9a6700', bg: '#fff8c5' },
} as const;

export function dashboardSvg(d: DashboardInput): string {
  const r = d.analysis.result;
  const colors = COLORS[DECISION_CLASS[r.decision]];
  const p = new SvgPoster(DASHBOARD_PNG_WIDTH);
  p.text(`cutover ${d.version} · canary rollout · ${d.files.length} metrics file${d.files.length === 1 ? '' : 's'} · generated ${d.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, { size: 13, color: '#59636e' });
  p.gap(10);
  p.panel(
    colors.bg,
    colors.ink,
    () => {
      p.gap(30);
      p.raw(textEl(p.pad + 26, p.y, r.decision.toUpperCase(), { size: 30, weight: 700, color: colors.ink }));
      p.raw(textEl(p.pad + 26 + r.decision.length * 21 + 18, p.y, subline(d), { size: 18, weight: 600 }));
      p.gap(8);
      for (const reason of r.reasons) p.text(`• ${reason}`, { size: 14 }, 26);
    },
    colors.ink,
  );
  p.gap(16);
  const s = stats(d);
  const w = (p.inner - 12 * (s.length - 1)) / s.length;
  s.forEach((x, i) => {
    const left = p.pad + i * (w + 12);
    p.raw(`<rect x="${Math.round(left)}" y="${p.y}" width="${Math.round(w)}" height="74" rx="10" fill="#fff" stroke="#d8dee4"/>`);
    p.raw(textEl(Math.round(left + 12), p.y + 22, x.label.toUpperCase(), { size: 11, color: '#59636e', weight: 600 }));
    p.raw(textEl(Math.round(left + 12), p.y + 46, x.value, { size: 19, weight: 600 }));
    p.raw(textEl(Math.round(left + 12), p.y + 64, x.detail.length > 34 ? `${x.detail.slice(0, 33)}…` : x.detail, { size: 11, color: '#59636e' }));
  });
  p.gap(74 + 18);
  const charts = dashboardCharts(d.analysis, d.metrics);
  const none = noTimeAxis(d);
  if (none !== null) {
    p.text(none, { size: 14, color: '#9a6700' });
    p.gap(10);
  }
  for (let i = 0; i < charts.length; i += 2) {
    p.row(charts.slice(i, i + 2).map((c) => ({ svg: c.svg, width: c.width, height: c.height, caption: c.caption })), 2);
    p.gap(16);
  }
  p.text('Cumulative comparison (what the decision used)', { size: 16, weight: 700 });
  p.gap(6);
  p.table(
    [
      { header: '', width: 260 },
      { header: 'baseline', width: 420 },
      { header: 'candidate', width: 456 },
    ],
    armRows(d.metrics),
  );
  p.gap(16);
  p.text('Release-cycle window', { size: 16, weight: 700 });
  p.text(windowText(d), { size: 14 });
  return p.svg(`cutover rollout ${r.decision}`);
}

export function renderDashboardPng(d: DashboardInput): Png {
  return svgToPng(dashboardSvg(d));
}
