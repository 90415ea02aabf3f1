/**
 * Several metrics files (one per process or host) as one: counts add up, time buckets line up
 * and their sketches merge exactly, and the latency samples merge into one uniform sample of
 * all successful calls. The result is what one recorder fed every call would have exported,
 * except for which values the sample holds (a different but equally uniform draw).
 */
import { mulberry32 } from '../util/prng.ts';
import { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from './format.ts';
import { DEFAULT_MAX_LATENCY_SAMPLES, mergeSamples } from './reservoir.ts';
import { SKETCH_SPEC } from './sketch.ts';
import { addCounts, ARMS, Timeline } from './timeline.ts';

export interface MergeOptions {
  /** Latencies kept per arm (default 20 000, as a recorder keeps). */
  maxLatencySamples?: number;
  /** Source for choosing sample values; seeded by default so the same files give the same answer. */
  random?: () => number;
}

const earliest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) <= Date.parse(b) ? a : b);
const latest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b);

function mergeArms(a: ArmMetrics, b: ArmMetrics, cap: number, random: () => number): ArmMetrics {
  const errorsByStatus = { ...a.errorsByStatus };
  addCounts(errorsByStatus, b.errorsByStatus);
  const sample = mergeSamples({ values: a.latencyMs, population: a.requests - a.errors }, { values: b.latencyMs, population: b.requests - b.errors }, cap, random);
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    errorsByStatus,
    latencyMs: sample.values,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costNanos: a.costNanos + b.costNanos,
    costedRequests: a.costedRequests + b.costedRequests,
    from: earliest(a.from, b.from),
    to: latest(a.to, b.to),
  };
}

/** Files must share the sketch's relative accuracy (readers check it and name the file). */
export function mergeMetrics(files: readonly CanaryMetricsFile[], o: MergeOptions = {}): CanaryMetricsFile {
  const cap = o.maxLatencySamples ?? DEFAULT_MAX_LATENCY_SAMPLES;
  const random = o.random ?? mulberry32(0x5eed);
  let timeline: Timeline | null = null;
  for (const f of files) {
    if (f.bucketMs === null) continue;
    const t = Timeline.fromJson(f.buckets, f.bucketMs);
    if (timeline === null) timeline = t;
    else timeline.absorb(t);
  }
  const empty = (): ArmMetrics => ({ requests: 0, errors: 0, errorsByStatus: {}, latencyMs: [], promptTokens: 0, completionTokens: 0, costNanos: 0, costedRequests: 0, from: null, to: null });
  const arms = { baseline: empty(), candidate: empty() };
  for (const f of files) for (const arm of ARMS) arms[arm] = mergeArms(arms[arm], f.arms[arm], cap, random);
  return {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    from: files.reduce<string | null>((acc, f) => earliest(acc, f.from), null),
    to: files.reduce<string | null>((acc, f) => latest(acc, f.to), null),
    bucketMs: timeline?.bucketMs ?? null,
    sketch: SKETCH_SPEC,
    arms,
    buckets: timeline?.toJson() ?? [],
  };
}
