/**
 * An in-memory sink for canary metrics that exports the documented metrics file. Memory stays
 * bounded: beyond `maxLatencySamples` successful calls per arm it keeps a uniform random sample
 * of latencies (reservoir sampling), while counts, tokens and cost stay exact.
 */
import { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from './format.ts';
import type { Arm, CanaryMetric } from './types.ts';

export interface RecorderOptions {
  /** Latencies kept per arm (default 20 000). */
  maxLatencySamples?: number;
  /** Uniform [0,1) source for the reservoir (default Math.random); injectable for tests. */
  random?: () => number;
}

export interface CanaryRecorder {
  /** Pass as `onMetric`. */
  record: (metric: CanaryMetric) => void;
  /** The metrics file (a snapshot; recording continues). */
  export: () => CanaryMetricsFile;
}

interface ArmState extends ArmMetrics {
  okSeen: number;
}

const emptyArm = (): ArmState => ({
  requests: 0,
  errors: 0,
  errorsByStatus: {},
  latencyMs: [],
  promptTokens: 0,
  completionTokens: 0,
  costNanos: 0,
  costedRequests: 0,
  okSeen: 0,
});

export function createCanaryRecorder(o: RecorderOptions = {}): CanaryRecorder {
  const cap = o.maxLatencySamples ?? 20_000;
  const random = o.random ?? Math.random;
  const arms: Record<Arm, ArmState> = { baseline: emptyArm(), candidate: emptyArm() };
  let first: number | null = null;
  let last: number | null = null;

  const keepLatency = (a: ArmState, ms: number): void => {
    a.okSeen++;
    if (a.latencyMs.length < cap) {
      a.latencyMs.push(ms);
      return;
    }
    // Algorithm R: the i-th value replaces a random slot with probability cap / i.
    const slot = Math.floor(random() * a.okSeen);
    if (slot < cap) a.latencyMs[slot] = ms;
  };

  return {
    record(m) {
      const a = arms[m.arm];
      a.requests++;
      first = first === null ? m.startedAt : Math.min(first, m.startedAt);
      last = last === null ? m.startedAt : Math.max(last, m.startedAt);
      if (m.outcome.kind === 'error') {
        a.errors++;
        const status = m.outcome.status === null ? 'no-response' : String(m.outcome.status);
        a.errorsByStatus[status] = (a.errorsByStatus[status] ?? 0) + 1;
        return;
      }
      keepLatency(a, m.latencyMs);
      if (m.usage) {
        a.promptTokens += m.usage.promptTokens;
        a.completionTokens += m.usage.completionTokens;
      }
      if (m.costNanos !== null) {
        a.costNanos += m.costNanos;
        a.costedRequests++;
      }
    },
    export() {
      const snapshot = ({ okSeen: _okSeen, ...rest }: ArmState): ArmMetrics => ({
        ...rest,
        errorsByStatus: { ...rest.errorsByStatus },
        latencyMs: [...rest.latencyMs],
      });
      return {
        format: METRICS_FORMAT,
        version: METRICS_VERSION,
        from: first === null ? null : new Date(first).toISOString(),
        to: last === null ? null : new Date(last).toISOString(),
        arms: { baseline: snapshot(arms.baseline), candidate: snapshot(arms.candidate) },
      };
    },
  };
}
