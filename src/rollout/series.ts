/**
 * The canary over time, as `rollout` shows and explains it: the metrics file's buckets widened
 * to at most `MAX_POINTS` points (exactly: sketches merge), per arm p50/p95/p99 latency and
 * error rate, the candidate's share of traffic, and where the candidate was worse.
 *
 * The degradation window of a signal is the run of consecutive points where the candidate was
 * furthest beyond what the thresholds tolerate, summed over the run: the maximum-sum
 * contiguous run (Kadane) of each point's excess, weighted by its calls —
 *   errors:  candidate errors − candidate calls × (baseline error rate + allowed increase);
 *   latency: candidate successes × the same log-ratio excess summed over p50 and p95
 *            (ln(candidate pXX / baseline pXX) − ln(1 + allowed pXX increase)).
 * It names *when*; whether the candidate is worse is the cumulative tests' call, not this one's.
 */
import type { CanaryMetricsFile } from '../canary/format.ts';
import { sketchQuantile } from '../canary/sketch.ts';
import { ARMS, sumArm, Timeline, type LiveArm, type LiveBucket } from '../canary/timeline.ts';
import type { Arm } from '../canary/types.ts';

export const MAX_POINTS = 96;

export interface ArmPoint {
  requests: number;
  errors: number;
  errorRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface SeriesPoint {
  /** Epoch ms; the point covers [start, end). */
  start: number;
  end: number;
  baseline: ArmPoint;
  candidate: ArmPoint;
  /** Candidate calls / all calls in this point. */
  candidateShare: number | null;
}

export interface Series {
  /** Width of a point in ms (a multiple of the file's bucket width); null without a time axis. */
  pointMs: number | null;
  points: SeriesPoint[];
  /** Calls the time axis does not hold (from version-1 files), per arm. */
  untimed: Record<Arm, number>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NICE = [1, 2, 5, 10, 15, 30].map((m) => m * MINUTE).concat([1, 2, 3, 4, 6, 8, 12].map((h) => h * HOUR), [1, 2, 7].map((d) => d * DAY));

/** The narrowest nice width, a multiple of `bucketMs`, that fits `spanMs` in `maxPoints` points. */
export function pointWidth(bucketMs: number, spanMs: number, maxPoints = MAX_POINTS): number {
  const needed = Math.max(bucketMs, spanMs / maxPoints);
  const plain = Math.ceil(needed / bucketMs) * bucketMs;
  // A round width only when it costs at most half the points a plain multiple would give.
  const nice = NICE.find((w) => w >= needed && w % bucketMs === 0 && w <= 2 * plain);
  return nice ?? plain;
}

export function armPoint(a: LiveArm): ArmPoint {
  return {
    requests: a.requests,
    errors: a.errors,
    errorRate: a.requests === 0 ? null : a.errors / a.requests,
    p50: sketchQuantile(a.latency, 0.5),
    p95: sketchQuantile(a.latency, 0.95),
    p99: sketchQuantile(a.latency, 0.99),
  };
}

function point(b: LiveBucket, width: number): SeriesPoint {
  const total = b.baseline.requests + b.candidate.requests;
  return { start: b.start, end: b.start + width, baseline: armPoint(b.baseline), candidate: armPoint(b.candidate), candidateShare: total === 0 ? null : b.candidate.requests / total };
}

/** The file's time axis as display points; `buckets` are kept for window sums. */
export function buildSeries(m: CanaryMetricsFile, maxPoints = MAX_POINTS): Series & { buckets: LiveBucket[] } {
  const timed = { baseline: 0, candidate: 0 };
  for (const b of m.buckets) for (const arm of ARMS) timed[arm] += b[arm].requests;
  const untimed = { baseline: m.arms.baseline.requests - timed.baseline, candidate: m.arms.candidate.requests - timed.candidate };
  if (m.bucketMs === null || m.buckets.length === 0) return { pointMs: null, points: [], untimed, buckets: [] };
  const timeline = Timeline.fromJson(m.buckets, m.bucketMs);
  const first = Date.parse(m.buckets[0]?.start ?? '');
  const last = Date.parse(m.buckets[m.buckets.length - 1]?.start ?? '') + m.bucketMs;
  const width = pointWidth(m.bucketMs, last - first, maxPoints);
  timeline.widen(width);
  const buckets = timeline.buckets();
  return { pointMs: width, points: buckets.map((b) => point(b, width)), untimed, buckets };
}

export type Signal = 'errors' | 'latency';

export interface DegradationWindow {
  signal: Signal;
  start: number;
  end: number;
  /** Whether the window reaches the last point (the candidate had not recovered by the end). */
  ongoing: boolean;
  inside: Record<Arm, ArmPoint>;
  /** Everything outside the window (before and after it). */
  outside: Record<Arm, ArmPoint>;
}

export interface WindowLimits {
  /** Largest tolerated error-rate increase, absolute. */
  maxErrorIncrease: number;
  /** Largest tolerated p50 and p95 increases, relative (0.2 = +20 %). */
  p50: number;
  p95: number;
}

function excess(signal: Signal, b: LiveBucket, baselineRate: number, limits: WindowLimits): number {
  const c = armPoint(b.candidate);
  const base = armPoint(b.baseline);
  if (signal === 'errors') {
    const rate = base.requests > 0 ? (base.errorRate ?? 0) : baselineRate;
    return b.candidate.errors - b.candidate.requests * (rate + limits.maxErrorIncrease);
  }
  // Both quantiles the latency check gates: the median is steadier per point, p95 sees a slow tail.
  const term = (cq: number | null, bq: number | null, limit: number): number => (cq !== null && bq !== null && cq > 0 && bq > 0 ? Math.log(cq / bq) - Math.log(1 + limit) : 0);
  return (b.candidate.requests - b.candidate.errors) * (term(c.p50, base.p50, limits.p50) + term(c.p95, base.p95, limits.p95));
}

/** The run of points where the candidate was furthest beyond the limits; null when it never was. */
export function degradationWindow(buckets: readonly LiveBucket[], width: number, signal: Signal, limits: WindowLimits): DegradationWindow | null {
  const all = { baseline: sumArm(buckets, 'baseline'), candidate: sumArm(buckets, 'candidate') };
  const baselineRate = all.baseline.requests === 0 ? 0 : all.baseline.errors / all.baseline.requests;
  let best = { sum: 0, from: -1, to: -1 };
  let run = { sum: 0, from: 0 };
  buckets.forEach((b, i) => {
    const x = excess(signal, b, baselineRate, limits);
    if (run.sum <= 0) run = { sum: x, from: i };
    else run.sum += x;
    if (run.sum > best.sum) best = { sum: run.sum, from: run.from, to: i };
  });
  if (best.from < 0) return null;
  const inside = buckets.slice(best.from, best.to + 1);
  const outside = [...buckets.slice(0, best.from), ...buckets.slice(best.to + 1)];
  const arms = (bs: readonly LiveBucket[]): Record<Arm, ArmPoint> => ({ baseline: armPoint(sumArm(bs, 'baseline')), candidate: armPoint(sumArm(bs, 'candidate')) });
  return {
    signal,
    start: inside[0]?.start ?? 0,
    end: (inside[inside.length - 1]?.start ?? 0) + width,
    ongoing: best.to === buckets.length - 1,
    inside: arms(inside),
    outside: arms(outside),
  };
}

/** "3 d 4 h", "2 h 30 min", "45 min", "12 s": the largest unit and the next one when not zero. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [['d', DAY], ['h', HOUR], ['min', MINUTE], ['s', 1000]];
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  const i = units.findIndex(([, size]) => rest >= size);
  const unit = units[i];
  if (!unit) return '0 s';
  const n = Math.floor(rest / unit[1]);
  rest -= n * unit[1];
  const next = units[i + 1];
  const m = next ? Math.floor(rest / next[1]) : 0;
  return next && m > 0 ? `${n} ${unit[0]} ${m} ${next[0]}` : `${n} ${unit[0]}`;
}

/** `30m`, `12h`, `7d`, `2w` → ms; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w)$/.exec(text.trim());
  if (!m) return null;
  const size = { m: MINUTE, min: MINUTE, h: HOUR, d: DAY, w: 7 * DAY }[m[2] as 'm' | 'min' | 'h' | 'd' | 'w'];
  const ms = Number(m[1]) * size;
  return ms > 0 ? ms : null;
}

/** "2026-11-27 14:00 UTC": minutes are the resolution of any bucket. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
