/**
 * Time-series plots as inline SVG, in the style of svg.ts (same margins, fonts, grid and
 * colours): one line per series over UTC time, gaps where a point has no value, and an
 * optional shaded window (a degradation the rollout named).
 */
import { escapeHtml as e } from './html-escape.ts';
import { MARGIN, niceTicks, svgOpen } from './svg.ts';

export interface TimeSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** [epoch ms, value or null (no data)], in time order. */
  points: ReadonlyArray<readonly [number, number | null]>;
}

export interface TimePlotOptions {
  id: string;
  title: string;
  yLabel: string;
  series: readonly TimeSeries[];
  /** The time domain (first point's start, last point's end). */
  from: number;
  to: number;
  yFormat: (v: number) => string;
  /** Lowest upper bound of the y axis (e.g. 0.01 so a flat 0 % still has an axis). */
  yMinTop?: number;
  band?: { from: number; to: number; label: string; color: string };
  width?: number;
  height?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE).concat([1, 2, 3, 6, 12].map((h) => h * HOUR), [1, 2, 7, 14, 28].map((d) => d * DAY));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** UTC ticks at a round step, about `target` of them. */
export function timeTicks(from: number, to: number, target = 6): { ticks: number[]; step: number } {
  const step = STEPS.find((s) => (to - from) / s <= target) ?? (STEPS[STEPS.length - 1] as number);
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}

/** "14:30" within a day, "Nov 27 14:00" across days, "Nov 27" for whole days (UTC). */
export function timeLabel(t: number, step: number, spansDays: boolean): string {
  const d = new Date(t);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hm = d.toISOString().slice(11, 16);
  if (step >= DAY) return day;
  return spansDays ? `${day} ${hm}` : hm;
}

const r = (v: number): string => (Math.round(v * 10) / 10).toString();

export function timeSeriesSvg(o: TimePlotOptions): string {
  const width = o.width ?? 560;
  const height = o.height ?? 280;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const values = o.series.flatMap((s) => s.points.map((p) => p[1])).filter((v): v is number => v !== null && Number.isFinite(v));
  const yTicks = niceTicks(0, Math.max(o.yMinTop ?? 0, ...values, Number.MIN_VALUE), 4);
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const span = Math.max(1, o.to - o.from);
  const x = (t: number): number => MARGIN.left + ((t - o.from) / span) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - (Math.min(v, yMax) / yMax) * plotH;
  const parts: string[] = [svgOpen(o.id, o.title, width, height)];
  if (o.band) {
    const x0 = x(Math.max(o.band.from, o.from));
    const x1 = x(Math.min(o.band.to, o.to));
    parts.push(
      `<g class="band" data-band="${e(o.id)}"><rect x="${r(x0)}" y="${MARGIN.top}" width="${r(Math.max(1, x1 - x0))}" height="${plotH}" fill="${e(o.band.color)}" fill-opacity="0.10"/>` +
        `<text x="${r(x0 + 4)}" y="${MARGIN.top + 12}" fill="${e(o.band.color)}" font-weight="600">${e(o.band.label)}</text></g>`,
    );
  }
  for (const t of yTicks) {
    parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${r(y(t))}" y2="${r(y(t))}" stroke="#e6e8eb"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${r(y(t) + 4)}" text-anchor="end" fill="#57606a">${e(o.yFormat(t))}</text>`);
  }
  const { ticks, step } = timeTicks(o.from, o.to);
  const spansDays = o.to - o.from > DAY || new Date(o.from).getUTCDate() !== new Date(o.to - 1).getUTCDate();
  const bottom = MARGIN.top + plotH;
  for (const t of ticks) {
    parts.push(`<line x1="${r(x(t))}" x2="${r(x(t))}" y1="${bottom}" y2="${bottom + 4}" stroke="#8c959f"/>`);
    parts.push(`<text x="${r(x(t))}" y="${bottom + 16}" text-anchor="middle" fill="#57606a">${e(timeLabel(t, step, spansDays))}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${bottom}" y2="${bottom}" stroke="#8c959f"/>`);
  parts.push(`<text x="${r(MARGIN.left + plotW / 2)}" y="${height - 8}" text-anchor="middle" fill="#424a53">${e(o.yLabel)} · time (UTC)</text>`);
  for (const s of o.series) {
    let d = '';
    let pen = false;
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r(x(t))} ${r(y(v))}`;
      pen = true;
    }
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    parts.push(`<path class="series" data-series="${e(s.id)}" d="${d || `M${MARGIN.left} ${bottom}`}" fill="none" stroke="${e(s.color)}" stroke-width="2" stroke-linejoin="round"${dash}/>`);
  }
  let lx = MARGIN.left;
  for (const s of o.series) {
    const swatch = s.dashed
      ? `<line x1="${lx}" x2="${lx + 14}" y1="16" y2="16" stroke="${e(s.color)}" stroke-width="2" stroke-dasharray="4 2"/>`
      : `<rect x="${lx}" y="10" width="14" height="12" rx="2" fill="${e(s.color)}"/>`;
    parts.push(`<g data-legend="${e(s.id)}">${swatch}<text x="${lx + 19}" y="20" fill="#24292f">${e(s.label)}</text></g>`);
    lx += 30 + s.label.length * 6.2;
  }
  parts.push('</svg>');
  return parts.join('');
}
