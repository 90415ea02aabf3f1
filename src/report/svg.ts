/**
 * Latency plots as inline SVG strings (no canvas, no library): an empirical CDF and a
 * histogram, each with axes, ticks, a legend and one series per gateway. Output is plain
 * markup so the HTML report stays one self-contained file that prints crisply.
 */
import { escapeHtml } from './html-escape.ts';

export interface PlotSeries {
  /** Stable id used in markup (`data-series`), e.g. "baseline". */
  id: string;
  label: string;
  values: readonly number[];
  color: string;
}

export interface PlotOptions {
  /** Stable id used in markup (`data-plot`), e.g. "e2e-cdf". */
  id: string;
  title: string;
  xLabel: string;
  series: readonly PlotSeries[];
  width?: number;
  height?: number;
  /** A fixed x axis (similarity: 0 to 1) instead of one fitted to the values. */
  domain?: readonly [number, number];
}

export const MARGIN = { left: 52, right: 44, top: 34, bottom: 42 };
/**
 * Font stacks of every SVG cutover draws. Inter and JetBrains Mono come first because they are
 * the fonts cutover ships for PNG rendering (src/report/png.ts); a browser without them falls
 * through to the system's own.
 */
export const SANS = "Inter, system-ui, -apple-system, 'Segoe UI', sans-serif";
export const MONO = "'JetBrains Mono', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const FONT = `font-family="${SANS}" font-size="11"`;

/** 1-2-5 ticks covering [lo, hi] with about `target` steps. */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return niceTicks(lo - 1, lo + 1, target);
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const first = Math.floor(lo / step);
  const ticks: number[] = [];
  // Integer multiples of the step avoid accumulating float error; the last tick is ≥ hi.
  for (let i = first; ticks.length < 2 || (ticks[ticks.length - 1] ?? hi) < hi - step * 1e-9; i++) {
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}

/** "0", "750", "1.5k", "12k": short enough for tick labels. */
export function shortNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return `${Number(v.toPrecision(3))}`;
}

interface XDomain {
  ticks: number[];
  lo: number;
  hi: number;
  /** Values beyond the axis (a long tail cut at p99 so the body of the distribution stays readable). */
  hidden: number;
}

function xDomain(series: readonly PlotSeries[], fixed?: readonly [number, number]): XDomain {
  const all = series.flatMap((s) => s.values).filter(Number.isFinite).sort((a, b) => a - b);
  if (fixed !== undefined) {
    const ticks = niceTicks(fixed[0], fixed[1], 5);
    return { ticks, lo: fixed[0], hi: fixed[1], hidden: all.filter((v) => v < fixed[0] || v > fixed[1]).length };
  }
  const min = all[0] ?? 0;
  const max = all[all.length - 1] ?? 1;
  const p99 = all[Math.max(0, Math.ceil(0.99 * all.length) - 1)] ?? max;
  const cut = all.length >= 100 && max > 3 * p99 ? p99 : max;
  const ticks = niceTicks(Math.max(0, min), cut);
  const lo = ticks[0] ?? 0;
  const hi = ticks[ticks.length - 1] ?? 1;
  return { ticks, lo, hi, hidden: all.filter((v) => v > hi).length };
}

interface Frame {
  width: number;
  height: number;
  x: (v: number) => number;
  y: (share: number) => number;
}

function frame(opts: PlotOptions, dom: XDomain, yMax: number): Frame {
  const width = opts.width ?? 520;
  const height = opts.height ?? 300;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const clamp = (v: number): number => Math.min(Math.max(v, dom.lo), dom.hi);
  return {
    width,
    height,
    x: (v) => MARGIN.left + ((clamp(v) - dom.lo) / (dom.hi - dom.lo)) * plotW,
    y: (share) => MARGIN.top + plotH - (share / yMax) * plotH,
  };
}

const r = (v: number): string => (Math.round(v * 10) / 10).toString();

function axes(f: Frame, dom: XDomain, yTicks: readonly number[], yFormat: (v: number) => string, xLabel: string): string {
  const bottom = f.y(0);
  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${f.width - MARGIN.right}" y1="${r(f.y(t))}" y2="${r(f.y(t))}" stroke="#e6e8eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${r(f.y(t) + 4)}" text-anchor="end" fill="#57606a">${escapeHtml(yFormat(t))}</text>`);
  }
  for (const t of dom.ticks) {
    parts.push(`<line x1="${r(f.x(t))}" x2="${r(f.x(t))}" y1="${r(bottom)}" y2="${r(bottom + 4)}" stroke="#8c959f"/>`);
    parts.push(`<text x="${r(f.x(t))}" y="${r(bottom + 16)}" text-anchor="middle" fill="#57606a">${escapeHtml(shortNumber(t))}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${f.width - MARGIN.right}" y1="${r(bottom)}" y2="${r(bottom)}" stroke="#8c959f"/>`);
  const note = dom.hidden ? ` — ${dom.hidden} slower value${dom.hidden === 1 ? '' : 's'} beyond the axis` : '';
  parts.push(`<text x="${r((MARGIN.left + f.width - MARGIN.right) / 2)}" y="${f.height - 8}" text-anchor="middle" fill="#424a53">${escapeHtml(xLabel + note)}</text>`);
  return parts.join('');
}

function legend(series: readonly PlotSeries[]): string {
  let x = MARGIN.left;
  return series
    .map((s) => {
      const text = `${s.label} (n=${s.values.length})`;
      const item = `<g data-legend="${escapeHtml(s.id)}"><rect x="${x}" y="10" width="12" height="12" rx="2" fill="${escapeHtml(s.color)}"/><text x="${x + 17}" y="20" fill="#24292f">${escapeHtml(text)}</text></g>`;
      x += 24 + text.length * 6.2;
      return item;
    })
    .join('');
}

/** The opening tag of a plot: `data-plot` for tests, a title for screen readers. */
export function svgOpen(id: string, title: string, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="${escapeHtml(id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" ${FONT}><title>${escapeHtml(title)}</title>`;
}

function open(opts: PlotOptions, f: Frame): string {
  return svgOpen(opts.id, opts.title, f.width, f.height);
}

function empty(opts: PlotOptions): string {
  const f = frame(opts, { ticks: [0, 1], lo: 0, hi: 1, hidden: 0 }, 1);
  return `${open(opts, f)}<text x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle" fill="#57606a">no samples</text></svg>`;
}

/** Empirical CDF: share of requests at or below each latency; dashed guides at p50 and p95. */
export function cdfSvg(opts: PlotOptions): string {
  if (!opts.series.some((s) => s.values.length)) return empty(opts);
  const dom = xDomain(opts.series, opts.domain);
  const f = frame(opts, dom, 1);
  const pct = (v: number): string => `${Math.round(v * 100)}%`;
  const guides = [0.5, 0.95]
    .map((q) => `<line x1="${MARGIN.left}" x2="${f.width - MARGIN.right}" y1="${r(f.y(q))}" y2="${r(f.y(q))}" stroke="#afb8c1" stroke-dasharray="4 3"/><text x="${f.width - MARGIN.right + 4}" y="${r(f.y(q) + 4)}" fill="#57606a">p${q * 100}</text>`)
    .join('');
  const lines = opts.series
    .filter((s) => s.values.length)
    .map((s) => {
      const sorted = [...s.values].filter(Number.isFinite).sort((a, b) => a - b);
      // One vertex per pixel column at most, so 100k samples still make a small path.
      let d = `M${r(f.x(sorted[0] ?? 0))} ${r(f.y(0))}`;
      let lastX = Number.NaN;
      for (let i = 0; i < sorted.length; i++) {
        const px = Math.round(f.x(sorted[i] ?? 0) * 2) / 2;
        const next = sorted[i + 1];
        if (next !== undefined && Math.round(f.x(next) * 2) / 2 === px) continue;
        if (px !== lastX) d += `H${r(px)}`;
        d += `V${r(f.y((i + 1) / sorted.length))}`;
        lastX = px;
      }
      d += `H${r(f.width - MARGIN.right)}`;
      return `<path class="series" data-series="${escapeHtml(s.id)}" d="${d}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="2" stroke-linejoin="round"/>`;
    })
    .join('');
  return `${open(opts, f)}${axes(f, dom, [0, 0.25, 0.5, 0.75, 1], pct, opts.xLabel)}${guides}${lines}${legend(opts.series)}</svg>`;
}

/** Histogram as share of each gateway's requests per bin, bars of the two gateways side by side. */
export function histogramSvg(opts: PlotOptions): string {
  if (!opts.series.some((s) => s.values.length)) return empty(opts);
  const dom = xDomain(opts.series, opts.domain);
  const tickStep = (dom.ticks[1] ?? dom.hi) - (dom.ticks[0] ?? dom.lo);
  const perTick = Math.max(1, Math.round(24 / Math.max(1, dom.ticks.length - 1)));
  const binWidth = tickStep / perTick;
  const bins = Math.max(1, Math.round((dom.hi - dom.lo) / binWidth));
  const shares = opts.series.map((s) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of s.values) {
      if (!(v >= dom.lo && v <= dom.hi)) continue;
      const i = Math.min(bins - 1, Math.floor((v - dom.lo) / binWidth));
      counts[i] = (counts[i] ?? 0) + 1;
    }
    return counts.map((c) => (s.values.length ? c / s.values.length : 0));
  });
  const peak = Math.max(...shares.flat(), 0.01);
  const yTicks = niceTicks(0, peak, 4);
  const yMax = yTicks[yTicks.length - 1] ?? peak;
  const f = frame(opts, dom, yMax);
  const slot = (f.x(dom.lo + binWidth) - f.x(dom.lo)) / opts.series.length;
  const bars = opts.series
    .map((s, j) => {
      const rects = (shares[j] ?? [])
        .map((share, i) => {
          if (share === 0) return '';
          const x = f.x(dom.lo + i * binWidth) + j * slot + 0.5;
          const top = f.y(share);
          return `<rect x="${r(x)}" y="${r(top)}" width="${r(Math.max(0.5, slot - 1))}" height="${r(f.y(0) - top)}"/>`;
        })
        .join('');
      return `<g class="series" data-series="${escapeHtml(s.id)}" fill="${escapeHtml(s.color)}" fill-opacity="0.85">${rects}</g>`;
    })
    .join('');
  const pct = (v: number): string => `${Number((v * 100).toPrecision(3))}%`;
  return `${open(opts, f)}${axes(f, dom, yTicks, pct, opts.xLabel)}${bars}${legend(opts.series)}</svg>`;
}
