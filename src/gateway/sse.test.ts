import { describe, expect, it } from 'vitest';
import { LLM_STREAM_C20 } from './captures.fixture.ts';
import { parseSse, type SseFrame } from './sse.ts';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === 'string' ? enc.encode(ch) : ch);
      c.close();
    },
  });
}

async function collect(chunks: Array<string | Uint8Array>): Promise<SseFrame[]> {
  const out: SseFrame[] = [];
  for await (const f of parseSse(streamOf(chunks))) out.push(f);
  return out;
}

describe('parseSse', () => {
  it('reads LLM Gateway named frames with ids', async () => {
    const frames = await collect(LLM_STREAM_C20);
    expect(frames).toHaveLength(7);
    expect(frames[0]).toMatchObject({ event: 'chunk', id: '0' });
    expect(frames[6]).toEqual({ event: 'done', data: '[DONE]', id: '6' });
  });

  it('gives the same frames however the bytes are split', async () => {
    const whole = LLM_STREAM_C20.join('');
    const expected = await collect([whole]);
    const bytes = new TextEncoder().encode(whole);
    for (const size of [1, 2, 3, 7, 64]) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size));
      expect(await collect(parts)).toEqual(expected);
    }
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo ✓\n\n');
    const frames = await collect([bytes.slice(0, 8), bytes.slice(8, 15), bytes.slice(15)]);
    expect(frames.map((f) => f.data)).toEqual(['héllo ✓']);
  });

  it('handles CRLF (also split between chunks), bare CR, comments and multi-line data', async () => {
    const frames = await collect([': keep-alive\r', '\n', 'data: a\r\ndata: b\r', '\n\r', '\nevent: x\rdata:c\r\r']);
    expect(frames).toEqual([
      { event: null, data: 'a\nb', id: null },
      { event: 'x', data: 'c', id: null },
    ]);
  });

  it('yields a last frame that lacks its blank line (a cut stream)', async () => {
    expect(await collect(['data: {"a":1}\n\ndata: {"b":2}'])).toEqual([
      { event: null, data: '{"a":1}', id: null },
      { event: null, data: '{"b":2}', id: null },
    ]);
  });

  it('yields nothing for an empty body', async () => {
    expect(await collect([])).toEqual([]);
  });
});
