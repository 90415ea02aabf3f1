/**
 * Reads canary metrics for `rollout`: the recorder's metrics file (JSON), or per-call records
 * as JSON lines (what an application logs from `onMetric`). Several files are combined, e.g.
 * one per application instance. Every problem is fatal and names the file and field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { displayPath, formatPath } from '../config/yaml.ts';
import { CutoverError, EXIT } from '../errors.ts';
import { MetricRecordSchema, MetricsFileSchema, METRICS_FORMAT, type ArmMetrics, type CanaryMetricsFile } from '../canary/format.ts';
import { createCanaryRecorder } from '../canary/recorder.ts';

/** A metrics file that cannot be used (missing, not JSON, wrong format, inconsistent counts). */
export class MetricsFileError extends CutoverError {
  constructor(message: string) {
    super('metrics', message, EXIT.usage);
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
    } catch {
      throw new MetricsFileError(`${displayPath(file)}:${i + 1}: not JSON (expected a ${METRICS_FORMAT} file or one call record per line)`);
    }
    const parsed = MetricRecordSchema.safeParse(value);
    if (!parsed.success) throw new MetricsFileError(`${displayPath(file)}:${i + 1}: ${issues(file, parsed.error).replace(`${displayPath(file)}: `, '')}`);
    recorder.record(parsed.data);
  });
  return recorder.export();
}

function checkConsistent(file: string, m: CanaryMetricsFile): void {
  for (const arm of ['baseline', 'candidate'] as const) {
    const a = m.arms[arm];
    if (a.errors > a.requests) throw new MetricsFileError(`${displayPath(file)}: arms.${arm}: ${a.errors} errors but only ${a.requests} requests`);
    if (a.latencyMs.length > a.requests - a.errors) {
      throw new MetricsFileError(`${displayPath(file)}: arms.${arm}.latencyMs: ${a.latencyMs.length} latencies but only ${a.requests - a.errors} successful requests`);
    }
  }
}

/** One metrics file of either form. */
export function readMetricsFile(file: string): CanaryMetricsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MetricsFileError(`${displayPath(file)}: cannot read metrics file (${code === 'ENOENT' ? 'not found' : (code ?? String(e))})`);
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
  const parsed = MetricsFileSchema.safeParse(whole);
  if (!parsed.success) throw new MetricsFileError(issues(file, parsed.error));
  checkConsistent(file, parsed.data);
  return parsed.data;
}

function addArms(a: ArmMetrics, b: ArmMetrics): ArmMetrics {
  const errorsByStatus = { ...a.errorsByStatus };
  for (const [k, v] of Object.entries(b.errorsByStatus)) errorsByStatus[k] = (errorsByStatus[k] ?? 0) + v;
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    errorsByStatus,
    latencyMs: [...a.latencyMs, ...b.latencyMs],
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costNanos: a.costNanos + b.costNanos,
    costedRequests: a.costedRequests + b.costedRequests,
  };
}

const earliest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);
const latest = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** Read and combine several files (e.g. one per application instance). */
export function readMetrics(files: readonly string[]): CanaryMetricsFile {
  if (files.length === 0) throw new MetricsFileError('rollout needs at least one --metrics file');
  return files.map(readMetricsFile).reduce((acc, m) => ({
    ...acc,
    from: earliest(acc.from, m.from),
    to: latest(acc.to, m.to),
    arms: { baseline: addArms(acc.arms.baseline, m.arms.baseline), candidate: addArms(acc.arms.candidate, m.arms.candidate) },
  }));
}
