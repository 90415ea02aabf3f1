/**
 * What the canary dashboard states, as plain data shared by the HTML page and the PNG, so the
 * two never disagree: the decision and its reasons, headline numbers, the per-arm cumulative
 * table, the checks, and the release-cycle window.
 */
import type { CanaryMetricsFile } from '../canary/format.ts';
import { formatInt, formatMs, formatPercent, formatUsd } from '../report/format.ts';
import { summarise } from '../score/stats.ts';
import type { RolloutAnalysis } from './analysis.ts';
import { overallShare } from './dashboard-charts.ts';
import type { RolloutDecision } from './decide.ts';
import { formatDuration, formatTime } from './series.ts';

export interface DashboardInput {
  analysis: RolloutAnalysis;
  metrics: CanaryMetricsFile;
  /** The metrics files as the user named them. */
  files: readonly string[];
  version: string;
  generatedAt: Date;
}

/** The report's verdict colours: promote = pass, hold = inconclusive, rollback = fail. */
export const DECISION_CLASS: Readonly<Record<RolloutDecision, 'pass' | 'inconclusive' | 'fail'>> = { promote: 'pass', hold: 'inconclusive', rollback: 'fail' };

export function subline(d: DashboardInput): string {
  const { decision } = d.analysis.result;
  const w = d.analysis.windows[0];
  if (decision === 'rollback' && w) return `candidate degraded from ${formatTime(w.start)}${w.ongoing ? '' : ` to ${formatTime(w.end)}`}`;
  if (decision === 'rollback') return 'the candidate is worse than the baseline';
  if (decision === 'hold') return 'not enough evidence to promote yet';
  return 'the candidate matches the baseline';
}

export interface Stat {
  label: string;
  value: string;
  detail: string;
}

function quantiles(m: CanaryMetricsFile, role: 'baseline' | 'candidate') {
  return summarise(m.arms[role].latencyMs);
}

const rate = (errors: number, requests: number): number | null => (requests === 0 ? null : errors / requests);

export function stats(d: DashboardInput): Stat[] {
  const { baseline: b, candidate: c } = d.metrics.arms;
  const qb = quantiles(d.metrics, 'baseline');
  const qc = quantiles(d.metrics, 'candidate');
  const o = d.analysis.observed;
  return [
    { label: 'requests', value: `${formatInt(b.requests)} / ${formatInt(c.requests)}`, detail: `baseline / candidate (${overallShare(d.metrics)})` },
    { label: 'error rate', value: `${formatPercent(rate(b.errors, b.requests))} → ${formatPercent(rate(c.errors, c.requests))}`, detail: 'baseline → candidate' },
    { label: 'p50 latency', value: `${formatMs(qb.p50)} → ${formatMs(qc.p50)}`, detail: 'baseline → candidate' },
    { label: 'p95 latency', value: `${formatMs(qb.p95)} → ${formatMs(qc.p95)}`, detail: 'baseline → candidate' },
    { label: 'observed', value: o.from && o.to ? formatDuration(o.ms) : '–', detail: windowVerdict(d) },
  ];
}

/** "≥ --min-window 7 d" / "3 d 2 h short of 7 d" / "no --min-window set". */
export function windowVerdict(d: DashboardInput): string {
  const o = d.analysis.observed;
  if (o.minimumMs === null) return 'no --min-window set';
  return o.longEnough ? `≥ --min-window ${formatDuration(o.minimumMs)}` : `${formatDuration(o.minimumMs - o.ms)} short of ${formatDuration(o.minimumMs)}`;
}

/** The release-cycle paragraph: what was observed, and whether it is long enough to promote. */
export function windowText(d: DashboardInput): string {
  const o = d.analysis.observed;
  const seen = o.from && o.to ? `Observed the candidate for ${formatDuration(o.ms)}, ${formatTime(Date.parse(o.from))} – ${formatTime(Date.parse(o.to))}.` : 'No candidate traffic observed yet.';
  if (o.minimumMs === null) {
    return `${seen} No --min-window was given, so the length of the window does not gate the decision; the migration guide asks to observe one release cycle before removing the old config (e.g. --min-window 7d).`;
  }
  return o.longEnough
    ? `${seen} That covers --min-window ${formatDuration(o.minimumMs)} (one release cycle), so the window does not hold the decision back.`
    : `${seen} --min-window asks for ${formatDuration(o.minimumMs)} (one release cycle) before promoting: ${formatDuration(o.minimumMs - o.ms)} to go.`;
}

/** Rows of the cumulative per-arm table: [label, baseline, candidate]. */
export function armRows(m: CanaryMetricsFile): Array<[string, string, string]> {
  const { baseline: b, candidate: c } = m.arms;
  const qb = quantiles(m, 'baseline');
  const qc = quantiles(m, 'candidate');
  const byStatus = (x: typeof b): string => Object.entries(x.errorsByStatus).map(([k, n]) => `${k} ${n}`).join(', ') || '–';
  const cost = (x: typeof b): string => (x.costedRequests === 0 ? 'unknown' : `${formatUsd(x.costNanos / x.costedRequests)}/call (${x.costedRequests} priced)`);
  const sample = (x: typeof b): string => `${formatInt(x.latencyMs.length)} of ${formatInt(x.requests - x.errors)}`;
  return [
    ['requests', formatInt(b.requests), formatInt(c.requests)],
    ['errors', `${formatInt(b.errors)} (${formatPercent(rate(b.errors, b.requests))})`, `${formatInt(c.errors)} (${formatPercent(rate(c.errors, c.requests))})`],
    ['errors by status', byStatus(b), byStatus(c)],
    ['latency p50', formatMs(qb.p50), formatMs(qc.p50)],
    ['latency p95', formatMs(qb.p95), formatMs(qc.p95)],
    ['latency p99', formatMs(qb.p99), formatMs(qc.p99)],
    ['latency sample (tests)', sample(b), sample(c)],
    ['tokens in / out', `${formatInt(b.promptTokens)} / ${formatInt(b.completionTokens)}`, `${formatInt(c.promptTokens)} / ${formatInt(c.completionTokens)}`],
    ['cost (gateway-reported)', cost(b), cost(c)],
  ];
}

/** Why there are no plots over time, or null when there are. */
export function noTimeAxis(d: DashboardInput): string | null {
  if (d.analysis.series.pointMs !== null) return null;
  return d.metrics.bucketMs === null
    ? 'These metrics have no time axis (version-1 files): a recorder that writes version 2 (this cutover’s) adds latency and errors over time.'
    : 'No calls recorded yet: nothing to plot over time.';
}

/** How the numbers were made, printed under the page. */
export function definitions(d: DashboardInput): Array<[string, string]> {
  const s = d.analysis.series;
  return [
    ['time series', s.pointMs === null ? 'none: the metrics hold no time axis (version-1 files)' : `points of ${formatDuration(s.pointMs)} (recorded buckets of ${formatDuration(d.metrics.bucketMs ?? 0)}, merged exactly)`],
    ['latency over time', `DDSketch per bucket and arm, relative accuracy ${d.metrics.sketch.relativeAccuracy * 100} % on every quantile`],
    ['cumulative comparison', 'error rate: Fisher exact one-sided; latency: p50/p95 ratio limits + one-sided Mann-Whitney on the uniform latency sample; p-values Holm-adjusted together'],
    ['degradation window', "the run of points where the candidate was furthest beyond the thresholds (maximum-sum run of each point's excess errors, or of its p50 and p95 log-ratios beyond the limits); named only for a check that did not pass"],
    ['untimed calls', s.untimed.baseline + s.untimed.candidate === 0 ? 'none' : `${s.untimed.baseline} baseline / ${s.untimed.candidate} candidate calls from version-1 files: in the totals, not on the time axis`],
  ];
}
