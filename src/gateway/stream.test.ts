import { describe, expect, it } from 'vitest';
import {
  AIS_STREAM_C16,
  AIS_STREAM_C17,
  AIS_STREAM_ERROR,
  AIS_STREAM_FINAL_ONLY,
  LLM_STREAM_C20,
  LLM_STREAM_C60,
  LLM_STREAM_C61,
  LLM_STREAM_C62,
  LLM_STREAM_C63,
} from './captures.fixture.ts';
import { parseSse } from './sse.ts';
import { consumeChatStream, streamTimings } from './stream.ts';

function body(frames: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const f of frames) c.enqueue(enc.encode(f));
      c.close();
    },
  });
}

/** A clock that advances 10 ms per reading, so frame times are their reading order. */
function tickingClock() {
  let t = 0;
  return () => (t += 10);
}

const run = (frames: string[]) => consumeChatStream(parseSse(body(frames)), tickingClock());

describe('consumeChatStream: LLM Gateway framing', () => {
  it('C20: assembles text once, uses one of two usage chunks, complete by finish_reason+usage', async () => {
    const r = await run(LLM_STREAM_C20);
    expect(r.text).toBe('Hello from mock upstream!');
    expect(r.finishReason).toBe('stop');
    expect(r.usage).toEqual({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
    expect(r.usageFromGatewayChunk).toBe(false);
    expect(r.failure).toBeNull();
    expect(r.info).toMatchObject({ frames: 7, sawDone: true, usageFrames: 2, completeBy: 'finish_reason+usage', framesAfterDone: 0 });
    // Role-only first frame is not a token: two content frames only.
    expect(r.tokenTimes).toHaveLength(2);
  });

  it('C63: [DONE] twice with a usage frame between them → frames after done counted and ignored', async () => {
    const r = await run(LLM_STREAM_C63);
    expect(r.text).toBe('Hello from mock upstream!');
    expect(r.info.framesAfterDone).toBe(2);
    expect(r.info.usageFrames).toBe(1);
    expect(r.usageFromGatewayChunk).toBe(true);
    expect(r.failure).toBeNull();
  });

  it('C62: a cut stream with only estimated usage and [DONE] is truncated', async () => {
    const r = await run(LLM_STREAM_C62);
    expect(r.text).toBe('Hello from ');
    expect(r.info.sawDone).toBe(true);
    expect(r.failure?.kind).toBe('truncated-stream');
  });

  it('C60/C61: event: error naming the upstream → upstream-failed / upstream-rate-limited, in the event-frame shape', async () => {
    const r = await run(LLM_STREAM_C60);
    expect(r.failure).toMatchObject({ kind: 'upstream-failed', code: 'upstream_error', bodyShape: 'sse-error-event', sdkClass: 'APIError' });
    expect(r.failure?.message).toMatch(/Error from provider: 500/);
    expect((await run(LLM_STREAM_C61)).failure).toMatchObject({ kind: 'upstream-rate-limited', code: 'gateway_error', bodyShape: 'sse-error-event' });
  });

  it('a newer streaming_error frame (no upstream status) stays a stream-error', async () => {
    const frame = 'event: error\ndata: {"error":{"message":"Upstream stream terminated unexpectedly before completion","type":"gateway_error","param":null,"code":"streaming_error"}}\nid: 2\n\n';
    expect((await run([...LLM_STREAM_C20.slice(0, 2), frame])).failure).toMatchObject({ kind: 'stream-error', code: 'streaming_error' });
  });

  it('C66: an empty 200 stream is truncated, and says it was empty', async () => {
    const r = await run([]);
    expect(r.failure).toMatchObject({ kind: 'truncated-stream', message: '200 stream with an empty body: no frames at all' });
    expect(r.info.frames).toBe(0);
  });
});

describe('consumeChatStream: AI Stats framing', () => {
  it('C16: no [DONE], usage-only final chunk with pricing', async () => {
    const r = await run(AIS_STREAM_C16);
    expect(r.text).toBe('Hello there!');
    expect(r.info).toMatchObject({ sawDone: false, completeBy: 'finish_reason+usage', usageFrames: 1 });
    expect(r.cost).toEqual({ source: 'gateway', nanos: 4800 });
    expect(r.responseId).toBe('G-01M8F52TCDYE4M4G1Q0QV1H7RM');
    expect(r.failure).toBeNull();
  });

  it('C17: final whole chat.completion frame does not double the content', async () => {
    const r = await run(AIS_STREAM_C17);
    expect(r.text).toBe('Hello there!');
    expect(r.finishReason).toBe('stop');
    expect(r.info.finalCompletionFrame).toBe(true);
    expect(r.tokenTimes).toHaveLength(2);
    expect(r.failure).toBeNull();
  });

  it('a final frame with no deltas before it gives the content', async () => {
    const r = await run(AIS_STREAM_FINAL_ONLY);
    expect(r.text).toBe('Hello there!');
    expect(r.tokenTimes).toHaveLength(1);
  });

  it('{"object":"error"} data frame → stream-error, partial text kept', async () => {
    const r = await run(AIS_STREAM_ERROR);
    expect(r.failure).toMatchObject({ kind: 'stream-error', bodyShape: 'sse-error-object', sdkClass: null, message: 'stream_error' });
    expect(r.text).toBe('Hello');
  });

  it('a stream that just ends after content is truncated', async () => {
    const r = await run(AIS_STREAM_C16.slice(0, 3));
    expect(r.failure?.kind).toBe('truncated-stream');
  });

  it('assembles tool-call deltas by index', async () => {
    const chunk = (tc: string, fr: string | null = null) =>
      `data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":${tc}},"finish_reason":${fr ? `"${fr}"` : 'null'}}]}\n\n`;
    const r = await run([
      chunk('[{"index":0,"id":"c1","type":"function","function":{"name":"get_weather","arguments":""}}]'),
      chunk('[{"index":0,"function":{"arguments":"{\\"city\\":"}}]'),
      chunk('[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]'),
      'data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\n',
    ]);
    expect(r.toolCalls).toEqual([{ name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(r.finishReason).toBe('tool_calls');
    expect(r.tokenTimes).toHaveLength(3);
  });

  it('a non-JSON data frame is a malformed response', async () => {
    const r = await run(['data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n', 'data: <html>\n\n']);
    expect(r.failure?.kind).toBe('malformed-response');
  });
});

describe('streamTimings', () => {
  it('TTFT from t0, TPOT over n−1 intervals, largest gap', () => {
    expect(streamTimings(100, [150, 160, 200])).toEqual({ ttftMs: 50, tpotMs: 25, tpotPer: 'chunk', maxGapMs: 40 });
    expect(streamTimings(0, [30])).toEqual({ ttftMs: 30, tpotMs: null, tpotPer: 'chunk', maxGapMs: null });
    expect(streamTimings(0, [])).toEqual({ ttftMs: null, tpotMs: null, tpotPer: 'chunk', maxGapMs: null });
  });
  it('is per token when the gateway reported the completion token count (3 chunks carrying 11 tokens: 50 ms ÷ 10)', () => {
    expect(streamTimings(100, [150, 160, 200], 11)).toEqual({ ttftMs: 50, tpotMs: 5, tpotPer: 'token', maxGapMs: 40 });
  });
});
