/**
 * Canary metrics into an OpenTelemetry meter the application already has (the
 * `@opentelemetry/api` Meter fits structurally; cutover does not depend on it). Names and
 * attributes follow the OpenTelemetry semantic conventions for generative-AI clients where they
 * apply, so the canary's calls land beside any other GenAI instrumentation; the canary's own
 * dimension is `cutover.canary.arm`. docs/OPENTELEMETRY.md lists them with their Prometheus
 * names, and docs/grafana/cutover-canary.json is a dashboard built on them.
 */
import type { CanaryMetric } from './types.ts';

type Attributes = Record<string, string | number | boolean>;

interface InstrumentOptions {
  unit?: string;
  description?: string;
  /** Bucket boundaries the semantic conventions recommend (OTel API ≥ 1.7 `advice`). */
  advice?: { explicitBucketBoundaries?: number[] };
}

export interface MeterLike {
  createHistogram(name: string, options?: InstrumentOptions): { record(value: number, attributes?: Attributes): void };
  createCounter(name: string, options?: InstrumentOptions): { add(value: number, attributes?: Attributes): void };
}

/** Instrument names, one place. */
export const METER_NAMES = {
  /** Histogram, seconds: every routed call, failed ones with `error.type`. */
  duration: 'gen_ai.client.operation.duration',
  /** Histogram, {token}: per successful call that reported usage, once per `gen_ai.token.type`. */
  tokens: 'gen_ai.client.token.usage',
  /** Counter, {USD}: cost the gateway reported (AI Stats); calls without a reported cost add nothing. */
  cost: 'cutover.canary.cost',
} as const;

/** Attribute keys, one place. */
export const METER_ATTRIBUTES = {
  operation: 'gen_ai.operation.name',
  model: 'gen_ai.request.model',
  arm: 'cutover.canary.arm',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
  httpStatus: 'http.response.status_code',
} as const;

/** The semantic conventions' recommended boundaries (seconds; tokens). */
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** A sink for `onMetric` that records into `meter`. Instruments are created once, here. */
export function meterSink(meter: MeterLike): (metric: CanaryMetric) => void {
  const A = METER_ATTRIBUTES;
  const duration = meter.createHistogram(METER_NAMES.duration, { unit: 's', description: 'GenAI operation duration, per canary arm', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
  const tokens = meter.createHistogram(METER_NAMES.tokens, { unit: '{token}', description: 'Tokens used per call, as the gateway reported them', advice: { explicitBucketBoundaries: TOKEN_BUCKETS } });
  const cost = meter.createCounter(METER_NAMES.cost, { unit: '{USD}', description: 'Cost the gateway reported for calls routed by the canary, in USD' });
  return (m) => {
    const attrs: Attributes = { [A.operation]: m.operation, [A.model]: m.model, [A.arm]: m.arm };
    if (m.outcome.kind === 'error') {
      // error.type: the HTTP status when there was an answer, else the error's class (timeout, connection).
      const failed: Attributes = { ...attrs, [A.errorType]: m.outcome.status === null ? m.outcome.errorClass : String(m.outcome.status) };
      if (m.outcome.status !== null) failed[A.httpStatus] = m.outcome.status;
      duration.record(m.latencyMs / 1000, failed);
      return;
    }
    duration.record(m.latencyMs / 1000, attrs);
    if (m.usage) {
      tokens.record(m.usage.promptTokens, { ...attrs, [A.tokenType]: 'input' });
      tokens.record(m.usage.completionTokens, { ...attrs, [A.tokenType]: 'output' });
    }
    if (m.costNanos !== null) cost.add(m.costNanos / 1e9, attrs);
  };
}

/** Several sinks as one `onMetric` (e.g. a recorder and a meter). */
export function fanOut(...sinks: Array<(metric: CanaryMetric) => void>): (metric: CanaryMetric) => void {
  return (m) => {
    for (const sink of sinks) sink(m);
  };
}
