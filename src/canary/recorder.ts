/**
 * An in-memory sink for canary metrics that exports the documented metrics file. Memory stays
 * bounded however long it runs:
 *   - per arm, exact counts, tokens and cost, and a uniform sample of at most
 *     `maxLatencySamples` latencies (reservoir sampling) for the statistical tests;
 *   - per time bucket and arm, counts and a latency sketch for the time series; when there
 *     would be more than `maxBuckets` buckets they widen (1, 5, 15, 30 min, 1, 2, 6, 12 h, 1 d;
 *     sketches merge exactly, so only time resolution is given up: a week at the defaults is
 *     15-minute buckets).
 */
import { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from './format.ts';
import { DEFAULT_MAX_LATENCY_SAMPLES, offer, type Sample } from './reservoir.ts';
import { SKETCH_SPEC } from './sketch.ts';
import { errorKey, Timeline, widerBucket } from './timeline.ts';
import type { Arm, CanaryMetric } from './types.ts';

export interface RecorderOptions {
  /** Latencies kept per arm for the statistical tests (default 20 000). */
  maxLatencySamples?: number;
  /** Uniform [0,1) source for the reservoir (default Math.random); injectable for tests. */
  random?: () => number;
  /** Width of a time bucket at the start, in ms (default 60 000: one minute). */
  bucketMs?: number;
  /** Most buckets kept before they widen (default 720). */
  maxBuckets?: number;
}

export interface CanaryRecorder {
  /** Pass as `onMetric`. */
  record: (metric: CanaryMetric) => void;
  /** The metrics file (a snapshot; recording continues). */
  export: () => CanaryMetricsFile;
}

interface ArmState {
  totals: Omit<ArmMetrics, 'latencyMs' | 'from' | 'to'>;
  sample: Sample;
  first: number | null;
  last: number | null;
}

const emptyArm = (): ArmState => ({
  totals: { requests: 0, errors: 0, errorsByStatus: {}, promptTokens: 0, completionTokens: 0, costNanos: 0, costedRequests: 0 },
  sample: { values: [], population: 0 },
  first: null,
  last: null,
});

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const earlier = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
const later = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));

export function createCanaryRecorder(o: RecorderOptions = {}): CanaryRecorder {
  const cap = o.maxLatencySamples ?? DEFAULT_MAX_LATENCY_SAMPLES;
  const random = o.random ?? Math.random;
  const maxBuckets = o.maxBuckets ?? 720;
  const timeline = new Timeline(o.bucketMs ?? 60_000);
  const arms: Record<Arm, ArmState> = { baseline: emptyArm(), candidate: emptyArm() };

  return {
    record(m) {
      const a = arms[m.arm];
      const t = a.totals;
      t.requests++;
      a.first = earlier(a.first, m.startedAt);
      a.last = later(a.last, m.startedAt);
      timeline.record(m);
      while (timeline.size > maxBuckets) timeline.widen(widerBucket(timeline.bucketMs));
      if (m.outcome.kind === 'error') {
        t.errors++;
        const key = errorKey(m.outcome);
        t.errorsByStatus[key] = (t.errorsByStatus[key] ?? 0) + 1;
        return;
      }
      offer(a.sample, m.latencyMs, cap, random);
      if (m.usage) {
        t.promptTokens += m.usage.promptTokens;
        t.completionTokens += m.usage.completionTokens;
      }
      if (m.costNanos !== null) {
        t.costNanos += m.costNanos;
        t.costedRequests++;
      }
    },
    export() {
      const snapshot = (a: ArmState): ArmMetrics => ({
        ...a.totals,
        errorsByStatus: { ...a.totals.errorsByStatus },
        latencyMs: [...a.sample.values],
        from: iso(a.first),
        to: iso(a.last),
      });
      const firsts = [arms.baseline.first, arms.candidate.first].filter((x) => x !== null);
      const lasts = [arms.baseline.last, arms.candidate.last].filter((x) => x !== null);
      return {
        format: METRICS_FORMAT,
        version: METRICS_VERSION,
        from: firsts.length ? iso(Math.min(...firsts)) : null,
        to: lasts.length ? iso(Math.max(...lasts)) : null,
        bucketMs: timeline.bucketMs,
        sketch: SKETCH_SPEC,
        arms: { baseline: snapshot(arms.baseline), candidate: snapshot(arms.candidate) },
        buckets: timeline.toJson(),
      };
    },
  };
}
