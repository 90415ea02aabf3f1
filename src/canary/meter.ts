/**
 * Canary metrics into an OpenTelemetry-style meter the application already has (the
 * `@opentelemetry/api` Meter fits structurally; cutover does not depend on it).
 */
import type { CanaryMetric } from './types.ts';

type Attributes = Record<string, string | number | boolean>;

export interface MeterLike {
  createHistogram(name: string, options?: { unit?: string; description?: string }): { record(value: number, attributes?: Attributes): void };
  createCounter(name: string, options?: { unit?: string; description?: string }): { add(value: number, attributes?: Attributes): void };
}

/** Instrument names, one place. Attributes: `cutover.arm`, `cutover.model`, and `http.status` on errors. */
export const METER_NAMES = {
  duration: 'cutover.canary.duration',
  requests: 'cutover.canary.requests',
  errors: 'cutover.canary.errors',
  tokens: 'cutover.canary.tokens',
  cost: 'cutover.canary.cost',
} as const;

/** A sink for `onMetric` that records into `meter`. Instruments are created once, here. */
export function meterSink(meter: MeterLike): (metric: CanaryMetric) => void {
  const duration = meter.createHistogram(METER_NAMES.duration, { unit: 'ms', description: 'Latency of calls routed by the cutover canary' });
  const requests = meter.createCounter(METER_NAMES.requests, { description: 'Calls routed by the cutover canary' });
  const errors = meter.createCounter(METER_NAMES.errors, { description: 'Calls that failed' });
  const tokens = meter.createCounter(METER_NAMES.tokens, { unit: '{token}', description: 'Tokens reported by the gateway' });
  const cost = meter.createCounter(METER_NAMES.cost, { unit: 'nUSD', description: 'Cost reported by the gateway, in nanos of USD' });
  return (m) => {
    const attrs: Attributes = { 'cutover.arm': m.arm, 'cutover.model': m.model };
    requests.add(1, attrs);
    if (m.outcome.kind === 'error') {
      errors.add(1, { ...attrs, 'http.status': m.outcome.status ?? 'no-response', 'error.type': m.outcome.errorClass });
      return;
    }
    duration.record(m.latencyMs, attrs);
    if (m.usage) {
      tokens.add(m.usage.promptTokens, { ...attrs, 'cutover.token.type': 'input' });
      tokens.add(m.usage.completionTokens, { ...attrs, 'cutover.token.type': 'output' });
    }
    if (m.costNanos !== null) cost.add(m.costNanos, attrs);
  };
}

/** Several sinks as one `onMetric` (e.g. a recorder and a meter). */
export function fanOut(...sinks: Array<(metric: CanaryMetric) => void>): (metric: CanaryMetric) => void {
  return (m) => {
    for (const sink of sinks) sink(m);
  };
}
