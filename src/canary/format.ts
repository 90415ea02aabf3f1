/**
 * The canary metrics file: what a recorder exports and what `cutover rollout --metrics` reads.
 * Versioned; one schema here is the only definition of it.
 */
import { z } from 'zod';

export const METRICS_FORMAT = 'cutover-canary-metrics';
export const METRICS_VERSION = 1;

const count = z.number().int().nonnegative();

export const ArmMetricsSchema = z.strictObject({
  /** Calls routed to this arm. */
  requests: count,
  /** Calls that threw (HTTP error or no response). */
  errors: count,
  /** Errors by HTTP status (`"429"`, `"502"`) or `"no-response"`. */
  errorsByStatus: z.record(z.string(), count).default({}),
  /** Latency in ms of successful calls (a uniform sample of them when there were very many). */
  latencyMs: z.array(z.number().nonnegative()),
  promptTokens: count.default(0),
  completionTokens: count.default(0),
  /** Sum of gateway-reported costs in nanos (1e-9 USD) over `costedRequests` calls; the rest are unknown. */
  costNanos: count.default(0),
  costedRequests: count.default(0),
});
export type ArmMetrics = z.infer<typeof ArmMetricsSchema>;

export const MetricsFileSchema = z.strictObject({
  format: z.literal(METRICS_FORMAT),
  version: z.literal(METRICS_VERSION),
  /** ISO time of the first and last recorded call (null when none). */
  from: z.string().nullable().default(null),
  to: z.string().nullable().default(null),
  arms: z.strictObject({ baseline: ArmMetricsSchema, candidate: ArmMetricsSchema }),
});
export type CanaryMetricsFile = z.infer<typeof MetricsFileSchema>;

/** One per-call record as `onMetric` receives it, for applications that log calls as JSON lines. */
export const MetricRecordSchema = z.object({
  arm: z.enum(['baseline', 'candidate']),
  model: z.string(),
  latencyMs: z.number().nonnegative(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ok') }),
    z.object({ kind: z.literal('error'), status: z.number().int().nullable(), errorClass: z.string() }),
  ]),
  usage: z.object({ promptTokens: count, completionTokens: count }).nullable(),
  costNanos: count.nullable(),
  startedAt: z.number(),
});
