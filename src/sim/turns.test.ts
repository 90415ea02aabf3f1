import { describe, expect, it } from 'vitest';
import { TurnQueue } from './turns.ts';

describe('TurnQueue', () => {
  it('lets one waiter through per event-loop turn, in order, with other callbacks running in between', async () => {
    const q = new TurnQueue();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) => q.next().then(() => order.push(name)));
    // Queued behind the first waiter's turn: runs before the second waiter gets its turn.
    setImmediate(() => order.push('io'));
    await Promise.all(waiters);
    expect(order).toEqual(['a', 'io', 'b', 'c']);
  });

  it('starts again after running empty', async () => {
    const q = new TurnQueue();
    await q.next();
    let resolved = false;
    const p = q.next().then(() => (resolved = true));
    expect(resolved).toBe(false);
    await p;
    expect(resolved).toBe(true);
  });
});
