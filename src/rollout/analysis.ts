/**
 * Everything `rollout` says, in one value for every output (text, JSON, HTML, PNG): the
 * decision from the cumulative comparison (decide.ts), the release-cycle window rule, the time
 * series, and the degradation windows named in the reasons.
 */
import type { CanaryMetricsFile } from '../canary/format.ts';
import { formatPercent } from '../report/format.ts';
import { decideRollout, type RolloutOptions, type RolloutResult } from './decide.ts';
import { buildSeries, degradationWindow, formatDuration, formatTime, type ArmPoint, type DegradationWindow, type Series } from './series.ts';

export interface AnalysisOptions extends RolloutOptions {
  /** Traffic the candidate must have been observed for before *promote* (ms); null = no rule. */
  minWindowMs: number | null;
}

export interface ObservedWindow {
  /** ISO times of the candidate's first and last recorded call (the file's, for version-1 files). */
  from: string | null;
  to: string | null;
  ms: number;
  minimumMs: number | null;
  /** null when no minimum was asked for. */
  longEnough: boolean | null;
}

export interface RolloutAnalysis {
  result: RolloutResult;
  observed: ObservedWindow;
  series: Series;
  /** Windows named in the reasons (only when the decision is not promote). */
  windows: DegradationWindow[];
}

export function observedWindow(m: CanaryMetricsFile, minimumMs: number | null): ObservedWindow {
  const c = m.arms.candidate;
  const from = c.from ?? m.from;
  const to = c.to ?? m.to;
  const ms = from && to ? Date.parse(to) - Date.parse(from) : 0;
  return { from, to, ms, minimumMs, longEnough: minimumMs === null ? null : ms >= minimumMs };
}

/** The window rule: promote only after the candidate has been observed for `--min-window`. */
function applyWindowRule(result: RolloutResult, w: ObservedWindow): RolloutResult {
  if (result.decision !== 'promote' || w.longEnough !== false || w.minimumMs === null) return result;
  const seen = w.from && w.to ? `${formatDuration(w.ms)} (${formatTime(Date.parse(w.from))} – ${formatTime(Date.parse(w.to))})` : 'no traffic';
  const reason = `Observed the candidate for ${seen}; --min-window asks for ${formatDuration(w.minimumMs)} (one release cycle) before promoting: ${formatDuration(w.minimumMs - w.ms)} to go.`;
  return { ...result, decision: 'hold', reasons: [reason, ...result.reasons] };
}

const rateOf = (a: ArmPoint): string => `${formatPercent(a.errorRate)} (${a.errors}/${a.requests})`;
const msOf = (v: number | null): string => (v === null ? '–' : `${Math.round(v)} ms`);

export function windowReason(w: DegradationWindow): string {
  const span = `${formatTime(w.start)} to ${w.ongoing ? 'the end of the data' : formatTime(w.end)} (${formatDuration(w.end - w.start)})`;
  if (w.signal === 'errors') {
    return `Degradation window, error rate: ${span}: candidate ${rateOf(w.inside.candidate)} vs baseline ${rateOf(w.inside.baseline)}; outside it ${formatPercent(w.outside.candidate.errorRate)} vs ${formatPercent(w.outside.baseline.errorRate)}.`;
  }
  const { candidate: c, baseline: b } = w.inside;
  const up = c.p50 !== null && b.p50 ? ` (p50 ${c.p50 >= b.p50 ? '+' : '−'}${Math.abs((c.p50 / b.p50 - 1) * 100).toFixed(0)} %)` : '';
  return `Degradation window, latency: ${span}: candidate p50 ${msOf(c.p50)} vs baseline ${msOf(b.p50)}, p95 ${msOf(c.p95)} vs ${msOf(b.p95)}${up}; outside it p50 ${msOf(w.outside.candidate.p50)} vs ${msOf(w.outside.baseline.p50)}.`;
}

export function analyseRollout(m: CanaryMetricsFile, o: AnalysisOptions): RolloutAnalysis {
  const observed = observedWindow(m, o.minWindowMs);
  const result = applyWindowRule(decideRollout(m, o), observed);
  const { buckets, ...series } = buildSeries(m);
  const windows: DegradationWindow[] = [];
  if (result.decision !== 'promote' && series.pointMs !== null) {
    const limits = { maxErrorIncrease: o.maxErrorIncrease, p50: o.thresholds.latency.p50, p95: o.thresholds.latency.p95 };
    for (const signal of ['errors', 'latency'] as const) {
      // Only for a signal the cumulative comparison found wrong or unclear: otherwise a window is noise.
      const check = result.checks.find((c) => c.check === signal);
      if (check?.verdict === 'pass') continue;
      const w = degradationWindow(buckets, series.pointMs, signal, limits);
      if (w) windows.push(w);
    }
  }
  return { result: { ...result, reasons: [...result.reasons, ...windows.map(windowReason)] }, observed, series, windows };
}
