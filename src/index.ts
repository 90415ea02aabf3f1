/** The package API: what applications import at their gateway boundary. */
export { mapModel, canonicalModelId, splitModelId, inferOrg, type AliasOptions } from './gateway/alias.ts';
export { PROFILES, type GatewayProfile } from './gateway/profiles.ts';
export type { ProfileName, NormalisedError, ErrorKind, Usage, Cost } from './gateway/types.ts';
export { EXIT, CutoverError, ConfigError, SuiteError, BaselineError, GatewayError } from './errors.ts';
export {
  createCanary,
  createCanaryRecorder,
  meterSink,
  fanOut,
  armFor,
  bucketOf,
  BUCKETS,
  METER_NAMES,
  METER_ATTRIBUTES,
  mergeMetrics,
  METRICS_FORMAT,
  METRICS_VERSION,
  CanaryError,
} from './canary/index.ts';
export type {
  Canary,
  CanaryOptions,
  CanaryRecorder,
  RecorderOptions,
  MergeOptions,
  MeterLike,
  CanaryMetric,
  CallOutcome,
  ChatClient,
  Arm,
  ArmMetrics,
  CanaryMetricsFile,
} from './canary/index.ts';
