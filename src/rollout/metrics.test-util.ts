/** Synthetic canary metrics for rollout tests: deterministic log-normal latencies, chosen error counts, no time axis. */
import { mulberry32 } from '../util/prng.ts';
import { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from '../canary/format.ts';
import { SKETCH_SPEC } from '../canary/sketch.ts';


export interface ArmSpec {
  requests: number;
  errors: number;
  medianMs?: number;
  seed?: number;
}

export function arm({ requests, errors, medianMs = 400, seed = 1 }: ArmSpec): ArmMetrics {
  const next = mulberry32(seed);
  const latencyMs: number[] = [];
  for (let i = 0; i < requests - errors; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    latencyMs.push(Math.round(medianMs * Math.exp(0.3 * z) * 10) / 10);
  }
  return {
    requests,
    errors,
    errorsByStatus: errors > 0 ? { '502': errors } : {},
    latencyMs,
    promptTokens: 0,
    completionTokens: 0,
    costNanos: 0,
    costedRequests: 0,
    from: null,
    to: null,
  };
}

export function metricsFile(baseline: ArmSpec, candidate: ArmSpec): CanaryMetricsFile {
  return {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    from: '2026-11-27T10:00:00.000Z',
    to: '2026-11-27T11:00:00.000Z',
    bucketMs: null,
    sketch: SKETCH_SPEC,
    arms: { baseline: arm({ seed: 1, ...baseline }), candidate: arm({ seed: 2, ...candidate }) },
    buckets: [],
  };
}
