import { describe, expect, it } from 'vitest';
import { MetricRecordSchema, MetricsFileSchema } from './format.ts';
import { createCanaryRecorder } from './recorder.ts';
import type { CanaryMetric } from './types.ts';

const ok = (arm: CanaryMetric['arm'], latencyMs: number, costNanos: number | null = null): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  latencyMs,
  outcome: { kind: 'ok' },
  usage: { promptTokens: 10, completionTokens: 5 },
  costNanos,
  startedAt: 1_700_000_000_000 + latencyMs,
});

const failed = (arm: CanaryMetric['arm'], status: number | null): CanaryMetric => ({
  arm,
  model: 'gpt-4o',
  latencyMs: 3,
  outcome: { kind: 'error', status, errorClass: 'InternalServerError' },
  usage: null,
  costNanos: null,
  startedAt: 1_700_000_000_000,
});

describe('createCanaryRecorder', () => {
  it('exports per-arm counts, latencies, tokens and known cost in the documented format', () => {
    const r = createCanaryRecorder();
    [ok('baseline', 100), ok('baseline', 120), failed('baseline', 500), ok('candidate', 90, 300), ok('candidate', 95), failed('candidate', null)].forEach(r.record);
    const file = r.export();
    expect(MetricsFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(file.arms.baseline).toEqual({
      requests: 3,
      errors: 1,
      errorsByStatus: { '500': 1 },
      latencyMs: [100, 120],
      promptTokens: 20,
      completionTokens: 10,
      costNanos: 0,
      costedRequests: 0,
    });
    expect(file.arms.candidate).toMatchObject({ requests: 3, errors: 1, errorsByStatus: { 'no-response': 1 }, costNanos: 300, costedRequests: 1 });
    expect(file.from).toBe(new Date(1_700_000_000_000).toISOString());
    expect(file.to).toBe(new Date(1_700_000_000_120).toISOString());
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
    expect(r.export().arms.baseline.latencyMs).toEqual([1, 2]);
  });

  it('emits records that the per-call schema accepts (JSON-lines logging)', () => {
    expect(MetricRecordSchema.parse(ok('candidate', 5, 7))).toEqual(ok('candidate', 5, 7));
  });
});
