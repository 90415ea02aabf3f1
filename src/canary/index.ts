/** The canary's public surface, re-exported from the package entry. */
export { createCanary, type Canary, type CanaryOptions } from './client.ts';
export { createCanaryRecorder, type CanaryRecorder, type RecorderOptions } from './recorder.ts';
export { meterSink, fanOut, METER_NAMES, METER_ATTRIBUTES, type MeterLike } from './meter.ts';
export { mergeMetrics, type MergeOptions } from './merge.ts';
export { armFor, bucketOf, BUCKETS } from './hash.ts';
export { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from './format.ts';
export { CanaryError, type Arm, type CanaryMetric, type CallOutcome, type ChatClient } from './types.ts';
