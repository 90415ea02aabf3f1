/**
 * The dashboard's plots, built once and drawn by both the HTML page and the PNG: latency
 * p50/p95 and error rate per arm over time, the candidate's share of traffic, and the
 * cumulative latency distribution the decision was computed from.
 */
import type { CanaryMetricsFile } from '../canary/format.ts';
import { SERIES_COLORS } from '../report/html-assets.ts';
import { formatPercent } from '../report/format.ts';
import { cdfSvg, shortNumber } from '../report/svg.ts';
import { timeSeriesSvg, type TimeSeries } from '../report/svg-time.ts';
import type { RolloutAnalysis } from './analysis.ts';
import type { ArmPoint, DegradationWindow, Signal } from './series.ts';

export interface Chart {
  id: string;
  caption: string;
  svg: string;
  width: number;
  height: number;
}

const WIDTH = 560;
const HEIGHT = 280;
const WINDOW_COLOR = '#cf222e';

const pctAxis = (v: number): string => `${Number((v * 100).toPrecision(3))}%`;

function band(windows: readonly DegradationWindow[], prefer: Signal | null): { from: number; to: number; label: string; color: string } | undefined {
  const w = windows.find((x) => x.signal === prefer) ?? windows[0];
  return w ? { from: w.start, to: w.end, label: `degraded (${w.signal === 'errors' ? 'errors' : 'latency'})`, color: WINDOW_COLOR } : undefined;
}

export function dashboardCharts(a: RolloutAnalysis, m: CanaryMetricsFile): Chart[] {
  const charts: Chart[] = [];
  const { points, pointMs } = a.series;
  const first = points[0];
  const last = points[points.length - 1];
  if (pointMs !== null && first && last) {
    const at = (get: (p: (typeof points)[number]) => number | null): Array<[number, number | null]> => points.map((p) => [p.start + pointMs / 2, get(p)]);
    const arm = (role: 'baseline' | 'candidate', q: keyof Pick<ArmPoint, 'p50' | 'p95'>, dashed: boolean): TimeSeries => ({
      id: `${role}-${q}`,
      label: `${role} ${q}`,
      color: SERIES_COLORS[role],
      dashed,
      points: at((p) => p[role][q]),
    });
    const time = { from: first.start, to: last.end, width: WIDTH, height: HEIGHT };
    charts.push({
      id: 'latency-over-time',
      caption: 'Latency over time — p50 (solid) and p95 (dashed), successful calls',
      svg: timeSeriesSvg({ ...time, id: 'latency-over-time', title: 'Latency p50 and p95 per arm over time', yLabel: 'ms', yFormat: shortNumber, series: [arm('baseline', 'p50', false), arm('baseline', 'p95', true), arm('candidate', 'p50', false), arm('candidate', 'p95', true)], ...opt(band(a.windows, 'latency')) }),
      width: WIDTH,
      height: HEIGHT,
    });
    const rate = (role: 'baseline' | 'candidate'): TimeSeries => ({ id: role, label: role, color: SERIES_COLORS[role], points: at((p) => p[role].errorRate) });
    charts.push({
      id: 'errors-over-time',
      caption: 'Error rate over time',
      svg: timeSeriesSvg({ ...time, id: 'errors-over-time', title: 'Error rate per arm over time', yLabel: 'share of calls that failed', yFormat: pctAxis, yMinTop: 0.01, series: [rate('baseline'), rate('candidate')], ...opt(band(a.windows, 'errors')) }),
      width: WIDTH,
      height: HEIGHT,
    });
    charts.push({
      id: 'share-over-time',
      caption: "Candidate's share of traffic",
      svg: timeSeriesSvg({ ...time, id: 'share-over-time', title: 'Candidate share of calls over time', yLabel: 'candidate calls / all calls', yFormat: pctAxis, yMinTop: 0.05, series: [{ id: 'candidate-share', label: 'candidate share', color: SERIES_COLORS.neutral, points: at((p) => p.candidateShare) }], ...opt(band(a.windows, null)) }),
      width: WIDTH,
      height: HEIGHT,
    });
  }
  const series = (['baseline', 'candidate'] as const).map((role) => ({ id: role, label: role, values: m.arms[role].latencyMs, color: SERIES_COLORS[role] }));
  charts.push({
    id: 'cumulative-cdf',
    caption: 'Cumulative comparison — latency distribution the decision used',
    svg: cdfSvg({ id: 'cumulative-cdf', title: 'Latency CDF per arm, whole window', xLabel: 'latency (ms), successful calls', series, width: WIDTH, height: HEIGHT }),
    width: WIDTH,
    height: HEIGHT,
  });
  return charts;
}

/** `exactOptionalPropertyTypes`: pass `band` only when there is one. */
function opt<T>(band: T | undefined): { band?: T } {
  return band === undefined ? {} : { band };
}

/** "2.1 %" of candidate calls overall, for captions and stats. */
export function overallShare(m: CanaryMetricsFile): string {
  const total = m.arms.baseline.requests + m.arms.candidate.requests;
  return formatPercent(total === 0 ? null : m.arms.candidate.requests / total);
}
