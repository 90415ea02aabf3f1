import { describe, expect, it } from 'vitest';
import { createCanaryRecorder } from '../canary/recorder.ts';
import type { CanaryMetric } from '../canary/types.ts';
import { mulberry32 } from '../util/prng.ts';
import { buildSeries, degradationWindow, formatDuration, parseDuration, pointWidth } from './series.ts';

const T0 = Date.UTC(2026, 10, 20);
const HOUR = 3600_000;

/** `hours` of traffic, one call a minute per arm; the candidate fails `failFrom`…`failTo` (hours) at `rate` and is `slow`× slower there. */
function canary(o: { hours: number; failFrom?: number; failTo?: number; rate?: number; slow?: number; seed?: number }) {
  const r = createCanaryRecorder();
  const next = mulberry32(o.seed ?? 1);
  for (let min = 0; min < o.hours * 60; min++) {
    const t = T0 + min * 60_000;
    const bad = o.failFrom !== undefined && min >= o.failFrom * 60 && min < (o.failTo ?? o.hours) * 60;
    for (const arm of ['baseline', 'candidate'] as const) {
      const worse = arm === 'candidate' && bad;
      const failed = worse && next() < (o.rate ?? 0);
      const latencyMs = 100 * Math.exp(0.2 * (next() - 0.5)) * (worse ? (o.slow ?? 1) : 1);
      const m: CanaryMetric = { arm, model: 'm', operation: 'chat', latencyMs, outcome: failed ? { kind: 'error', status: 502, errorClass: 'E' } : { kind: 'ok' }, usage: null, costNanos: null, startedAt: t };
      r.record(m);
    }
  }
  return r.export();
}

const limits = { maxErrorIncrease: 0.01, p50: 0.1, p95: 0.2 };

describe('the canary over time', () => {
  it('picks a round point width that the recorded buckets divide', () => {
    expect(pointWidth(60_000, 2 * HOUR)).toBe(2 * 60_000);
    expect(pointWidth(30 * 60_000, 200 * HOUR)).toBe(3 * HOUR);
    expect(pointWidth(32 * 60_000, 200 * HOUR)).toBe(128 * 60_000); // 3, 4, 6 h are no multiples of 32 min, 8 h too coarse
    expect(pointWidth(7 * 60_000, 1 * HOUR)).toBe(7 * 60_000);
  });

  it('widens the buckets to at most 96 points, exactly', () => {
    const m = canary({ hours: 24, failFrom: 12, rate: 0.5 });
    const s = buildSeries(m);
    expect(s.pointMs).toBe(15 * 60_000);
    expect(s.points).toHaveLength(96);
    expect(s.points.reduce((n, p) => n + p.candidate.requests, 0)).toBe(24 * 60);
    expect(s.points[0]?.candidateShare).toBe(0.5);
    expect(s.points[0]?.candidate.errorRate).toBe(0);
    expect(s.points[60]?.candidate.errorRate).toBeGreaterThan(0.2);
    expect(s.untimed).toEqual({ baseline: 0, candidate: 0 });
  });

  it('names the window in which the candidate failed, to the resolution of a point', () => {
    const s = buildSeries(canary({ hours: 24, failFrom: 9, failTo: 15, rate: 0.3 }));
    const w = degradationWindow(s.buckets, s.pointMs ?? 0, 'errors', limits);
    expect(w).not.toBeNull();
    expect(new Date(w?.start ?? 0).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(new Date(w?.end ?? 0).toISOString()).toBe('2026-11-20T15:00:00.000Z');
    expect(w?.ongoing).toBe(false);
    expect(w?.inside.candidate.errorRate).toBeGreaterThan(0.2);
    expect(w?.outside.candidate.errorRate).toBe(0);
  });

  it('names a latency window from the sketches, and none for a candidate that never degraded', () => {
    const slow = buildSeries(canary({ hours: 12, failFrom: 6, slow: 1.6 }));
    const w = degradationWindow(slow.buckets, slow.pointMs ?? 0, 'latency', limits);
    expect(new Date(w?.start ?? 0).toISOString()).toBe('2026-11-20T06:00:00.000Z');
    expect(w?.ongoing).toBe(true);
    const fine = buildSeries(canary({ hours: 12, seed: 5 }));
    expect(degradationWindow(fine.buckets, fine.pointMs ?? 0, 'errors', limits)).toBeNull();
    expect(degradationWindow(fine.buckets, fine.pointMs ?? 0, 'latency', limits)).toBeNull();
  });

  it('parses and prints durations', () => {
    expect(['90m', '12h', '7d', '2w', '1.5h'].map(parseDuration)).toEqual([90 * 60_000, 12 * HOUR, 7 * 24 * HOUR, 14 * 24 * HOUR, 1.5 * HOUR]);
    expect(['7', 'seven days', '0d', '-1h'].map(parseDuration)).toEqual([null, null, null, null]);
    expect([7 * 24 * HOUR + 4 * HOUR + 59_000, 2.5 * HOUR, 45 * 60_000, 12_000, 3 * 24 * HOUR + 5 * 60_000].map(formatDuration)).toEqual(['7 d 4 h', '2 h 30 min', '45 min', '12 s', '3 d']);
  });
});
