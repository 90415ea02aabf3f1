/**
 * Reads canary metrics for `rollout`: the recorder's metrics file (JSON, version 2 or 1), or
 * per-call records as JSON lines (what an application logs from `onMetric`). Several files are
 * merged (e.g. one per application instance), exactly for counts and sketches. Every problem
 * is fatal and names the file and field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { displayPath, formatPath } from '../config/yaml.ts';
import { CutoverError, EXIT } from '../errors.ts';
import { MetricRecordSchema, MetricsFileSchema, MetricsFileV1Schema, METRICS_FORMAT, METRICS_VERSION, type CanaryMetricsFile } from '../canary/format.ts';
import { mergeMetrics } from '../canary/merge.ts';
import { createCanaryRecorder } from '../canary/recorder.ts';
import { SKETCH_SPEC, sketchProblem } from '../canary/sketch.ts';
import { ARMS } from '../canary/timeline.ts';

/** A metrics file that cannot be used (missing, not JSON, wrong format, inconsistent counts). */
export class MetricsFileError extends CutoverError {
  constructor(message: string, options?: ErrorOptions) {
    super('metrics', message, EXIT.usage, options);
  }
}

const issues = (file: string, error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): string =>
  error.issues.map((i) => `${displayPath(file)}: ${formatPath([...prefix, ...i.path])}: ${i.message}`).join('; ');

function parseJsonLines(file: string, text: string): CanaryMetricsFile {
  // Every line is kept: records are small and this is a one-shot command, not the hot path.
  const recorder = createCanaryRecorder({ maxLatencySamples: Number.MAX_SAFE_INTEGER });
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new MetricsFileError(`${displayPath(file)}:${i + 1}: not JSON (expected a ${METRICS_FORMAT} file or one call record per line)`, { cause });
    }
    const parsed = MetricRecordSchema.safeParse(value);
    if (!parsed.success) throw new MetricsFileError(`${displayPath(file)}:${i + 1}: ${issues(file, parsed.error).replace(`${displayPath(file)}: `, '')}`);
    recorder.record(parsed.data);
  });
  return recorder.export();
}

function checkConsistent(file: string, m: CanaryMetricsFile): void {
  const fail = (where: string, what: string): never => {
    throw new MetricsFileError(`${displayPath(file)}: ${where}: ${what}`);
  };
  for (const arm of ARMS) {
    const a = m.arms[arm];
    if (a.errors > a.requests) fail(`arms.${arm}`, `${a.errors} errors but only ${a.requests} requests`);
    if (a.latencyMs.length > a.requests - a.errors) fail(`arms.${arm}.latencyMs`, `${a.latencyMs.length} latencies but only ${a.requests - a.errors} successful requests`);
  }
  if (m.sketch.relativeAccuracy !== SKETCH_SPEC.relativeAccuracy) {
    fail('sketch.relativeAccuracy', `${m.sketch.relativeAccuracy}, but this cutover merges sketches of ${SKETCH_SPEC.relativeAccuracy}`);
  }
  if (m.bucketMs === null) {
    if (m.buckets.length > 0) fail('bucketMs', 'null, but the file has buckets');
    return;
  }
  const width = m.bucketMs;
  const inBuckets = { baseline: 0, candidate: 0 };
  m.buckets.forEach((b, i) => {
    if (Date.parse(b.start) % width !== 0) fail(`buckets[${i}].start`, `${b.start} is not a multiple of bucketMs (${width}) since the epoch`);
    for (const arm of ARMS) {
      const a = b[arm];
      if (a.errors > a.requests) fail(`buckets[${i}].${arm}`, `${a.errors} errors but only ${a.requests} requests`);
      if (a.latencyMs.count !== a.requests - a.errors) fail(`buckets[${i}].${arm}.latencyMs`, `sketch of ${a.latencyMs.count} latencies for ${a.requests - a.errors} successful requests`);
      const problem = sketchProblem(a.latencyMs);
      if (problem) fail(`buckets[${i}].${arm}.latencyMs`, problem);
      inBuckets[arm] += a.requests;
    }
  });
  for (const arm of ARMS) {
    if (inBuckets[arm] !== m.arms[arm].requests) fail(`buckets`, `${inBuckets[arm]} ${arm} requests over time but ${m.arms[arm].requests} in arms.${arm}`);
  }
}

/** A version-1 file as a file without a time axis. */
function upgradeV1(v1: z.infer<typeof MetricsFileV1Schema>): CanaryMetricsFile {
  const arm = (a: (typeof v1.arms)['baseline']) => ({ ...a, from: null, to: null });
  return { ...v1, version: METRICS_VERSION, bucketMs: null, sketch: SKETCH_SPEC, arms: { baseline: arm(v1.arms.baseline), candidate: arm(v1.arms.candidate) }, buckets: [] };
}

function parseFile(file: string, whole: unknown): CanaryMetricsFile {
  const version = typeof whole === 'object' && whole !== null && 'version' in whole ? whole.version : undefined;
  if (version === 1) {
    const v1 = MetricsFileV1Schema.safeParse(whole);
    if (!v1.success) throw new MetricsFileError(issues(file, v1.error));
    return upgradeV1(v1.data);
  }
  const parsed = MetricsFileSchema.safeParse(whole);
  if (!parsed.success) throw new MetricsFileError(issues(file, parsed.error));
  return parsed.data;
}

/** One metrics file of either form. */
export function readMetricsFile(file: string): CanaryMetricsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MetricsFileError(`${displayPath(file)}: cannot read metrics file (${code === 'ENOENT' ? 'not found' : (code ?? String(e))})`, { cause: e });
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return parseJsonLines(file, text);
  }
  if (typeof whole === 'object' && whole !== null && !Array.isArray(whole) && !('format' in whole) && 'arm' in whole) {
    return parseJsonLines(file, text); // a JSON-lines file with a single record
  }
  const m = parseFile(file, whole);
  checkConsistent(file, m);
  return m;
}

/** Read and merge several files (e.g. one per application instance). */
export function readMetrics(files: readonly string[]): CanaryMetricsFile {
  if (files.length === 0) throw new MetricsFileError('rollout needs at least one --metrics file');
  const all = files.map(readMetricsFile);
  return all.length === 1 && all[0] ? all[0] : mergeMetrics(all);
}
