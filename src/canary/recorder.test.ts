import { describe, expect, it } from 'vitest';
import { MetricRecordSchema, MetricsFileSchema } from './format.ts';
import { createCanaryRecorder } from './recorder.ts';
import { sketchFromJson, sketchQuantile } from './sketch.ts';
import type { CanaryMetric } from './types.ts';

const T0 = 1_700_000_040_000; // a whole minute since the epoch

const ok = (arm: CanaryMetric['arm'], latencyMs: number, costNanos: number | null = null, startedAt = T0 + latencyMs): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  operation: 'chat',
  latencyMs,
  outcome: { kind: 'ok' },
  usage: { promptTokens: 10, completionTokens: 5 },
  costNanos,
  startedAt,
});

const failed = (arm: CanaryMetric['arm'], status: number | null, startedAt = T0): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  operation: 'chat',
  latencyMs: 3,
  outcome: { kind: 'error', status, errorClass: 'InternalServerError' },
  usage: null,
  costNanos: null,
  startedAt,
});

describe('createCanaryRecorder', () => {
  it('exports per-arm counts, latencies, tokens and known cost in the documented format', () => {
    const r = createCanaryRecorder();
    [ok('baseline', 100), ok('baseline', 120), failed('baseline', 500), ok('candidate', 90, 300), ok('candidate', 95), failed('candidate', null)].forEach(r.record);
    const file = r.export();
    expect(MetricsFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(file.version).toBe(2);
    expect(file.arms.baseline).toEqual({
      requests: 3,
      errors: 1,
      errorsByStatus: { '500': 1 },
      latencyMs: [100, 120],
      promptTokens: 20,
      completionTokens: 10,
      costNanos: 0,
      costedRequests: 0,
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 120).toISOString(),
    });
    expect(file.arms.candidate).toMatchObject({ requests: 3, errors: 1, errorsByStatus: { 'no-response': 1 }, costNanos: 300, costedRequests: 1 });
    expect(file.from).toBe(new Date(T0).toISOString());
    expect(file.to).toBe(new Date(T0 + 120).toISOString());
  });

  it('counts each minute separately, per arm, with a sketch of its latencies', () => {
    const r = createCanaryRecorder();
    for (let i = 0; i < 50; i++) r.record(ok('baseline', 100 + i, null, T0 + 1000 * i)); // minute 0
    for (let i = 0; i < 50; i++) r.record(ok('candidate', 300 + i, null, T0 + 60_000 + 1000 * i)); // minute 1
    r.record(failed('candidate', 429, T0 + 125_000)); // minute 2
    const { buckets, bucketMs } = r.export();
    expect(bucketMs).toBe(60_000);
    expect(buckets.map((b) => [b.start, b.baseline.requests, b.candidate.requests, b.candidate.errors])).toEqual([
      [new Date(T0).toISOString(), 50, 0, 0],
      [new Date(T0 + 60_000).toISOString(), 0, 50, 0],
      [new Date(T0 + 120_000).toISOString(), 0, 1, 1],
    ]);
    expect(buckets[2]?.candidate.errorsByStatus).toEqual({ '429': 1 });
    const median = sketchQuantile(sketchFromJson(buckets[1]?.candidate.latencyMs ?? buckets[0]!.baseline.latencyMs), 0.5);
    expect(Math.abs((median ?? 0) - 324) / 324).toBeLessThanOrEqual(0.01);
  });

  it('widens the buckets instead of growing past maxBuckets, losing no call', () => {
    const r = createCanaryRecorder({ maxBuckets: 10 });
    for (let i = 0; i < 100; i++) r.record(ok(i % 2 ? 'candidate' : 'baseline', 50, null, T0 + 60_000 * i)); // 100 minutes
    const file = r.export();
    expect(file.bucketMs).toBe(60_000 * 15);
    expect(file.buckets.length).toBeLessThanOrEqual(10);
    expect(file.buckets.reduce((n, b) => n + b.baseline.requests + b.candidate.requests, 0)).toBe(100);
    expect(file.buckets.every((b) => Date.parse(b.start) % file.bucketMs! === 0)).toBe(true);
  });

  it('keeps a bounded uniform sample of latencies while counts stay exact', () => {
    const r = createCanaryRecorder({ maxLatencySamples: 100, random: () => 0.5 });
    for (let i = 0; i < 1000; i++) r.record(ok('candidate', i));
    const arm = r.export().arms.candidate;
    expect(arm.requests).toBe(1000);
    expect(arm.latencyMs).toHaveLength(100);
    // Later values did replace earlier ones (a sample of the whole stream, not its head).
    expect(Math.max(...arm.latencyMs)).toBeGreaterThan(100);
  });

  it('exports a snapshot that later records do not change', () => {
    const r = createCanaryRecorder();
    r.record(ok('baseline', 1));
    const before = r.export();
    r.record(ok('baseline', 2));
    expect(before.arms.baseline.latencyMs).toEqual([1]);
    expect(before.buckets[0]?.baseline.requests).toBe(1);
    expect(r.export().arms.baseline.latencyMs).toEqual([1, 2]);
  });

  it('stays small for a week of traffic', () => {
    const r = createCanaryRecorder();
    const week = 7 * 24 * 3600_000;
    for (let i = 0; i < 50_000; i++) {
      const z = Math.sqrt(-2 * Math.log(1 - ((i * 0.618) % 1 || 0.5))) * Math.cos(i);
      r.record(ok(i % 10 ? 'baseline' : 'candidate', 400 * Math.exp(0.5 * z), null, T0 + Math.floor((i / 50_000) * week)));
    }
    const file = r.export();
    expect(file.bucketMs).toBe(15 * 60_000);
    expect(JSON.stringify(file.buckets).length).toBeLessThan(1_500_000);
  });

  it('emits records that the per-call schema accepts (JSON-lines logging)', () => {
    expect(MetricRecordSchema.parse(ok('candidate', 5, 7))).toEqual(ok('candidate', 5, 7));
    const { operation: _, ...old } = ok('candidate', 5, 7);
    expect(MetricRecordSchema.parse(old).operation).toBe('chat');
  });
});
