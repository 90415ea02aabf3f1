import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanaryRecorder } from '../canary/recorder.ts';
import type { CanaryMetric } from '../canary/types.ts';
import { MetricsFileError, readMetrics, readMetricsFile } from './read.ts';
import { metricsFile } from './metrics.test-util.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-rollout-read-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const call = (arm: CanaryMetric['arm'], latencyMs: number, status?: number, startedAt = 1_700_000_000_000): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  operation: 'chat',
  latencyMs,
  outcome: status === undefined ? { kind: 'ok' } : { kind: 'error', status, errorClass: 'InternalServerError' },
  usage: null,
  costNanos: null,
  startedAt,
});

/** A version-1 file as cutover 0.1 wrote it. */
const v1File = (requests: number, errors: number) => ({
  format: 'cutover-canary-metrics',
  version: 1,
  from: '2026-11-27T10:00:00.000Z',
  to: '2026-11-27T11:00:00.000Z',
  arms: {
    baseline: { requests, errors, errorsByStatus: errors ? { '502': errors } : {}, latencyMs: Array.from({ length: requests - errors }, (_, i) => 100 + i), promptTokens: 0, completionTokens: 0, costNanos: 0, costedRequests: 0 },
    candidate: { requests, errors: 0, errorsByStatus: {}, latencyMs: Array.from({ length: requests }, (_, i) => 110 + i), promptTokens: 0, completionTokens: 0, costNanos: 0, costedRequests: 0 },
  },
});

describe('readMetrics', () => {
  it('reads the recorder export', () => {
    const r = createCanaryRecorder();
    [call('baseline', 10), call('candidate', 12), call('candidate', 1, 500)].forEach(r.record);
    const m = readMetricsFile(write('export.json', JSON.stringify(r.export())));
    expect(m).toEqual(r.export());
  });

  it('still reads a version-1 file, as one without a time axis', () => {
    const m = readMetricsFile(write('v1.json', JSON.stringify(v1File(20, 2))));
    expect(m).toMatchObject({ version: 2, bucketMs: null, buckets: [], from: '2026-11-27T10:00:00.000Z' });
    expect(m.arms.baseline).toMatchObject({ requests: 20, errors: 2, from: null, to: null });
    expect(m.arms.baseline.latencyMs).toHaveLength(18);
  });

  it('reads per-call JSON lines and aggregates them', () => {
    const lines = [call('baseline', 10), call('candidate', 12), call('candidate', 1, 429)].map((c) => JSON.stringify(c)).join('\n');
    const m = readMetricsFile(write('calls.jsonl', `${lines}\n`));
    expect(m.arms.candidate).toMatchObject({ requests: 2, errors: 1, errorsByStatus: { '429': 1 }, latencyMs: [12] });
    expect(m.buckets).toHaveLength(1);
    expect(readMetricsFile(write('one.jsonl', JSON.stringify(call('baseline', 3)))).arms.baseline.requests).toBe(1);
  });

  it('merges several files (one per instance): counts add up and buckets line up', () => {
    const a = createCanaryRecorder();
    const b = createCanaryRecorder({ bucketMs: 120_000 });
    const t = Date.UTC(2026, 10, 27, 10);
    a.record(call('baseline', 10, undefined, t));
    a.record(call('candidate', 20, 502, t + 61_000));
    b.record(call('candidate', 30, undefined, t + 30_000));
    b.record(call('baseline', 40, undefined, t + 150_000));
    const m = readMetrics([write('a.json', JSON.stringify(a.export())), write('b.json', JSON.stringify(b.export()))]);
    expect(m.bucketMs).toBe(120_000);
    expect(m.buckets.map((x) => [x.start, x.baseline.requests, x.candidate.requests, x.candidate.errors])).toEqual([
      ['2026-11-27T10:00:00.000Z', 1, 2, 1],
      ['2026-11-27T10:02:00.000Z', 1, 0, 0],
    ]);
    expect(m.arms.baseline).toMatchObject({ requests: 2, latencyMs: [10, 40], from: '2026-11-27T10:00:00.000Z', to: '2026-11-27T10:02:30.000Z' });
    expect(m.arms.candidate).toMatchObject({ requests: 2, errors: 1, errorsByStatus: { '502': 1 }, latencyMs: [30] });
  });

  it('merges version-1 and version-2 files; the old file just adds no time axis', () => {
    const r = createCanaryRecorder();
    r.record(call('baseline', 10));
    const m = readMetrics([write('old.json', JSON.stringify(v1File(5, 0))), write('new.json', JSON.stringify(r.export()))]);
    expect(m.arms.baseline.requests).toBe(6);
    expect(m.bucketMs).toBe(60_000);
    expect(m.buckets.reduce((n, x) => n + x.baseline.requests, 0)).toBe(1);
  });

  it('names the file and field of every problem', () => {
    expect(() => readMetricsFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read metrics file \(not found\)/);
    const wrong = metricsFile({ requests: 1, errors: 0 }, { requests: 1, errors: 0 }) as unknown as Record<string, unknown>;
    expect(() => readMetricsFile(write('v3.json', JSON.stringify({ ...wrong, version: 3 })))).toThrow(/v3\.json: version: /);
    const bad = metricsFile({ requests: 1, errors: 0 }, { requests: 1, errors: 0 });
    bad.arms.candidate.errors = 5;
    expect(() => readMetricsFile(write('bad.json', JSON.stringify(bad)))).toThrow(/arms\.candidate: 5 errors but only 1 requests/);
    expect(() => readMetricsFile(write('junk.txt', 'hello\n'))).toThrow(MetricsFileError);
    expect(() => readMetricsFile(write('badline.jsonl', `${JSON.stringify(call('baseline', 1))}\n{"arm":"other"}\n`))).toThrow(/badline\.jsonl:2: /);
    expect(() => readMetrics([])).toThrow(/at least one --metrics file/);
  });

  it('refuses time buckets that do not add up', () => {
    const r = createCanaryRecorder();
    [call('baseline', 10), call('baseline', 11), call('candidate', 12)].forEach(r.record);
    const good = r.export();
    const edit = (f: (m: typeof good) => void): string => {
      const m = structuredClone(good);
      f(m);
      return write('edited.json', JSON.stringify(m));
    };
    expect(() => readMetricsFile(edit((m) => (m.buckets[0]!.baseline.requests = 5)))).toThrow(/buckets\[0\]\.baseline\.latencyMs: sketch of 2 latencies for 5 successful requests/);
    expect(() => readMetricsFile(edit((m) => (m.buckets[0]!.start = '2023-11-14T22:13:20.500Z')))).toThrow(/buckets\[0\]\.start: .* not a multiple of bucketMs/);
    expect(() => readMetricsFile(edit((m) => (m.arms.candidate.requests = 2)))).toThrow(/buckets: 1 candidate requests over time but 2 in arms\.candidate/);
    expect(() => readMetricsFile(edit((m) => (m.buckets[0]!.candidate.latencyMs.counts = [7])))).toThrow(/bins hold 7 values but count is 1/);
    expect(() => readMetricsFile(edit((m) => (m.sketch.relativeAccuracy = 0.02)))).toThrow(/sketch\.relativeAccuracy: 0\.02, but this cutover merges sketches of 0\.01/);
  });
});
