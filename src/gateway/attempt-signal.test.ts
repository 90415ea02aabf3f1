import { describe, expect, it } from 'vitest';
import { attemptSignal, fanOut, fanOutCache } from './attempt-signal.ts';

describe('attemptSignal', () => {
  it('aborts with a TimeoutError when the deadline passes first', async () => {
    const closed = fanOut(new AbortController().signal);
    const a = attemptSignal(5, [closed]);
    await new Promise((r) => setTimeout(r, 30));
    expect(a.signal.aborted).toBe(true);
    expect(a.timedOut()).toBe(true);
    expect((a.signal.reason as DOMException).name).toBe('TimeoutError');
    a.dispose();
  });

  it('aborts every attempt in flight with the source reason, and not one already disposed', () => {
    const source = new AbortController();
    const f = fanOut(source.signal);
    const inFlight = attemptSignal(60_000, [f]);
    const finished = attemptSignal(60_000, [f]);
    finished.dispose();
    source.abort(new Error('closing'));
    expect(inFlight.signal.aborted).toBe(true);
    expect((inFlight.signal.reason as Error).message).toBe('closing');
    expect(inFlight.timedOut()).toBe(false);
    expect(finished.signal.aborted).toBe(false);
    inFlight.dispose();
  });

  it('starts aborted when a source already is, and the deadline no longer counts', async () => {
    const source = new AbortController();
    source.abort(new Error('gone'));
    const a = attemptSignal(5, [fanOut(source.signal)]);
    expect(a.signal.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(a.timedOut()).toBe(false);
    a.dispose();
  });

  it('reuses one fan-out per caller signal', () => {
    const cache = fanOutCache();
    const s = new AbortController().signal;
    expect(cache(s)).toBe(cache(s));
    expect(cache(new AbortController().signal)).not.toBe(cache(s));
  });
});
