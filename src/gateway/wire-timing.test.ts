import { describe, expect, it } from 'vitest';
import { WireTiming } from './wire-timing.ts';

const frame = (data: string) => `data: ${data}\n\n`;

describe('WireTiming', () => {
  it('gives each event-stream frame the arrival of the chunk that completed it, however the bytes were split', async () => {
    const w = new WireTiming();
    const text = frame('{"a":1}') + frame('{"b":2}') + frame('[DONE]');
    // The second frame is split across two chunks; the third arrives with the end of the second.
    const cut1 = text.indexOf('{"b"') + 3;
    const cut2 = text.indexOf('[DONE]') - 2;
    w.received(Buffer.from(text.slice(0, cut1)), 100);
    w.received(Buffer.from(text.slice(cut1, cut2)), 200);
    w.received(Buffer.from(text.slice(cut2)), 300);
    w.ended(310);
    const seen: Array<[string, number | null]> = [];
    for await (const f of w.frames()) seen.push([f.data, w.readAt]);
    expect(seen).toEqual([
      ['{"a":1}', 100],
      ['{"b":2}', 200],
      ['[DONE]', 300],
    ]);
  });

  it('keeps a stream cut short: the frames that arrived, then why it ended', async () => {
    const w = new WireTiming();
    w.received(Buffer.from(frame('{"a":1}') + 'data: {"par'), 100);
    w.failed(new Error('socket hang up'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const f of w.frames()) seen.push(f.data);
      })(),
    ).rejects.toThrow('socket hang up');
    expect(seen).toEqual(['{"a":1}', '{"par']);
  });

  it('gives a whole body once it ended, and the failure instead when it did not', async () => {
    const ok = new WireTiming();
    ok.received(Buffer.from('{"x":'), 1);
    ok.received(Buffer.from('1}'), 2);
    ok.ended(3);
    expect(await ok.text()).toBe('{"x":1}');
    const cut = new WireTiming();
    cut.received(Buffer.from('{"x":'), 1);
    cut.failed(new DOMException('deadline', 'TimeoutError'));
    await expect(cut.text()).rejects.toThrow('deadline');
  });
});
