/**
 * The canary metrics file: what a recorder exports and what `cutover rollout --metrics` reads.
 * Versioned; the schemas here are the only definition of it.
 *
 * Version 2 adds the time axis: per-arm counts and a latency sketch per time bucket, so a week
 * of traffic stays small and files from several processes merge exactly. The per-arm totals
 * (with a uniform sample of latencies for the statistical tests) are kept as in version 1,
 * and version-1 files are still read (as files without a time axis).
 */
import { z } from 'zod';

export const METRICS_FORMAT = 'cutover-canary-metrics';
export const METRICS_VERSION = 2;

const count = z.number().int().nonnegative();
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date-time');

/** Errors by HTTP status (`"429"`, `"502"`) or `"no-response"`. */
const ErrorsByStatusSchema = z.record(z.string(), count);

export const ArmMetricsSchema = z.strictObject({
  /** Calls routed to this arm. */
  requests: count,
  /** Calls that threw (HTTP error or no response). */
  errors: count,
  errorsByStatus: ErrorsByStatusSchema.default({}),
  /** Latency in ms of successful calls (a uniform sample of them when there were very many). */
  latencyMs: z.array(z.number().nonnegative()),
  promptTokens: count.default(0),
  completionTokens: count.default(0),
  /** Sum of gateway-reported costs in nanos (1e-9 USD) over `costedRequests` calls; the rest are unknown. */
  costNanos: count.default(0),
  costedRequests: count.default(0),
  /** ISO time of this arm's first and last recorded call (null when none, or in a version-1 file). */
  from: isoTime.nullable().default(null),
  to: isoTime.nullable().default(null),
});
export type ArmMetrics = z.infer<typeof ArmMetricsSchema>;

/**
 * A DDSketch of latencies in ms (logarithmic mapping at `SketchSpec.relativeAccuracy`): bin `k`
 * holds the values v with ceil(log(v) / log(gamma)) = k, gamma = (1 + a) / (1 - a). Bins are
 * stored densely from `offset`. Any quantile read back is within the relative accuracy of the
 * true one, and two sketches merge exactly by adding bins.
 */
export const SketchSchema = z.strictObject({
  count,
  sum: z.number().nonnegative(),
  min: z.number().nonnegative().nullable(),
  max: z.number().nonnegative().nullable(),
  /** Values too small for the mapping (0 ms). */
  zeroCount: count,
  offset: z.number().int(),
  counts: z.array(count),
});
export type SketchJson = z.infer<typeof SketchSchema>;

export const BucketArmSchema = z.strictObject({
  requests: count,
  errors: count,
  errorsByStatus: ErrorsByStatusSchema.default({}),
  /** Latencies of this bucket's successful calls. */
  latencyMs: SketchSchema,
});
export type BucketArm = z.infer<typeof BucketArmSchema>;

export const BucketSchema = z.strictObject({
  /** ISO start of the bucket; buckets are aligned to multiples of `bucketMs` since the epoch. */
  start: isoTime,
  baseline: BucketArmSchema,
  candidate: BucketArmSchema,
});
export type TimeBucket = z.infer<typeof BucketSchema>;

export const SketchSpecSchema = z.strictObject({
  kind: z.literal('ddsketch'),
  relativeAccuracy: z.number().gt(0).lt(1),
});
export type SketchSpec = z.infer<typeof SketchSpecSchema>;

const arms = z.strictObject({ baseline: ArmMetricsSchema, candidate: ArmMetricsSchema });

export const MetricsFileSchema = z.strictObject({
  format: z.literal(METRICS_FORMAT),
  version: z.literal(METRICS_VERSION),
  /** ISO time of the first and last recorded call (null when none). */
  from: isoTime.nullable().default(null),
  to: isoTime.nullable().default(null),
  /** Width of a time bucket in ms (null: no time axis, as in a version-1 file). */
  bucketMs: z.number().int().positive().nullable(),
  sketch: SketchSpecSchema,
  arms,
  /** Buckets with traffic, in time order. */
  buckets: z.array(BucketSchema),
});
export type CanaryMetricsFile = z.infer<typeof MetricsFileSchema>;

/** Version 1: per-arm totals only. Read and upgraded to a file without a time axis. */
export const MetricsFileV1Schema = z.strictObject({
  format: z.literal(METRICS_FORMAT),
  version: z.literal(1),
  from: isoTime.nullable().default(null),
  to: isoTime.nullable().default(null),
  arms: z.strictObject({ baseline: ArmMetricsSchema.omit({ from: true, to: true }), candidate: ArmMetricsSchema.omit({ from: true, to: true }) }),
});

/** One per-call record as `onMetric` receives it, for applications that log calls as JSON lines. */
export const MetricRecordSchema = z.object({
  arm: z.enum(['baseline', 'candidate']),
  model: z.string(),
  /** What the call did (`chat`, `embeddings` …); records written before it existed are chat calls. */
  operation: z.string().min(1).default('chat'),
  latencyMs: z.number().nonnegative(),
  outcome: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ok') }),
    z.object({ kind: z.literal('error'), status: z.number().int().nullable(), errorClass: z.string() }),
  ]),
  usage: z.object({ promptTokens: count, completionTokens: count }).nullable(),
  costNanos: count.nullable(),
  startedAt: z.number(),
});
