import { describe, expect, it } from 'vitest';
import { WireTiming } from './wire-timing.ts';

describe('WireTiming', () => {
  it('maps bytes consumed to the arrival of the socket read that held the last of them, however chunks were split or joined', () => {
    const w = new WireTiming();
    w.received(10, 100);
    w.received(0, 150); // empty reads carry nothing
    w.received(5, 200);
    w.received(20, 300);
    expect(w.readAt).toBeNull();
    w.consumed(4); // inside the first read
    expect(w.readAt).toBe(100);
    w.consumed(6); // exactly its end
    expect(w.readAt).toBe(100);
    w.consumed(7); // the second read and part of the third, joined
    expect(w.readAt).toBe(300);
    w.consumed(18);
    expect(w.readAt).toBe(300);
  });

  it('keeps the last known arrival when the reader runs ahead of what was recorded', () => {
    const w = new WireTiming();
    w.received(3, 50);
    w.consumed(5);
    expect(w.readAt).toBe(50);
  });
});
