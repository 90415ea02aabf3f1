import { describe, expect, it } from 'vitest';
import { fanOut, meterSink, METER_NAMES, type MeterLike } from './meter.ts';
import type { CanaryMetric } from './types.ts';

function fakeMeter() {
  const points: Array<{ name: string; value: number; attrs: Record<string, unknown> | undefined }> = [];
  const meter: MeterLike = {
    createHistogram: (name) => ({ record: (value, attrs) => points.push({ name, value, attrs }) }),
    createCounter: (name) => ({ add: (value, attrs) => points.push({ name, value, attrs }) }),
  };
  return { meter, points };
}

const metric: CanaryMetric = {
  arm: 'candidate',
  model: 'openai/gpt-4o',
  operation: 'chat',
  latencyMs: 250,
  outcome: { kind: 'ok' },
  usage: { promptTokens: 11, completionTokens: 4 },
  costNanos: 900,
  startedAt: 0,
};

describe('meterSink', () => {
  it('records latency, requests, tokens and cost with the arm as an attribute', () => {
    const { meter, points } = fakeMeter();
    meterSink(meter)(metric);
    const by = (name: string) => points.filter((p) => p.name === name);
    expect(by(METER_NAMES.duration)).toEqual([{ name: METER_NAMES.duration, value: 250, attrs: { 'cutover.arm': 'candidate', 'cutover.model': 'openai/gpt-4o' } }]);
    expect(by(METER_NAMES.requests).map((p) => p.value)).toEqual([1]);
    expect(by(METER_NAMES.tokens).map((p) => p.value)).toEqual([11, 4]);
    expect(by(METER_NAMES.cost).map((p) => p.value)).toEqual([900]);
    expect(by(METER_NAMES.errors)).toEqual([]);
  });

  it('counts an error with its status and records no latency for it', () => {
    const { meter, points } = fakeMeter();
    meterSink(meter)({ ...metric, outcome: { kind: 'error', status: 429, errorClass: 'RateLimitError' }, usage: null, costNanos: null });
    expect(points.map((p) => p.name)).toEqual([METER_NAMES.requests, METER_NAMES.errors]);
    expect(points[1]?.attrs).toMatchObject({ 'http.status': 429, 'error.type': 'RateLimitError' });
  });

  it('fans one metric out to several sinks', () => {
    const seen: string[] = [];
    fanOut((m) => seen.push(`a:${m.arm}`), (m) => seen.push(`b:${m.arm}`))(metric);
    expect(seen).toEqual(['a:candidate', 'b:candidate']);
  });
});
