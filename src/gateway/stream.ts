/**
 * Assembles a streamed chat completion from SSE frames of either gateway (GATEWAYS.md):
 * - LLM Gateway: `event: chunk` frames, role on every delta, usage twice, `[DONE]` possibly
 *   twice with frames after it, `event: error` frames, a cut stream ending in estimated usage;
 * - AI Stats: plain frames, usually no `[DONE]`, a usage-only final chunk or a whole
 *   `chat.completion` final frame, `{"object":"error"}` data frames.
 * Completeness is decided by content (finish_reason / usage), never by `[DONE]`.
 */
import { costFromAistatsBody } from './cost.ts';
import { readErrorObject } from './error-body.ts';
import { upstreamKind } from './errors.ts';
import type { SseFrame } from './sse.ts';
import type { Cost, NormalisedError, StreamInfo, ToolCall } from './types.ts';

export type StreamFailure = Pick<NormalisedError, 'kind' | 'code' | 'message' | 'bodyShape' | 'sdkClass'>;

export interface StreamResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  /** The chosen raw `usage` object (one, never summed), or null. */
  usage: unknown;
  /** The only usage came from LLM Gateway's own chunk (`choices:[{delta:{}}]`), which it estimates when the upstream sent none. */
  usageFromGatewayChunk: boolean;
  /** AI Stats `usage.pricing.total_nanos`, when present. */
  cost: Cost | null;
  /** `id` of the first chunk (AI Stats `G-…`). */
  responseId: string | null;
  info: StreamInfo;
  /** clock() at each frame that carried content or a tool-call delta. */
  tokenTimes: number[];
  /** stream-error, upstream-* (an error frame naming the upstream), malformed-response or truncated-stream; null when complete. */
  failure: StreamFailure | null;
  /** What the frame iteration threw (abort, socket error), for the caller to classify. */
  thrown: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface ToolAcc {
  name: string;
  arguments: string;
}

function firstChoice(o: Obj): Obj | null {
  const choices = o['choices'];
  if (!Array.isArray(choices)) return null;
  const c = choices.find((x) => isObj(x) && (x['index'] === 0 || x['index'] === undefined)) ?? choices[0];
  return isObj(c) ? c : null;
}

function applyToolDeltas(acc: Map<number, ToolAcc>, deltas: unknown): boolean {
  if (!Array.isArray(deltas)) return false;
  let any = false;
  deltas.forEach((d, pos) => {
    if (!isObj(d)) return;
    const index = typeof d['index'] === 'number' ? d['index'] : pos;
    const fn = isObj(d['function']) ? d['function'] : {};
    const cur = acc.get(index) ?? { name: '', arguments: '' };
    cur.name += str(fn['name']) ?? '';
    cur.arguments += str(fn['arguments']) ?? '';
    acc.set(index, cur);
    any = true;
  });
  return any;
}

function messageToolCalls(message: Obj): ToolCall[] {
  const calls = message['tool_calls'];
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObj).map((c) => {
    const fn = isObj(c['function']) ? c['function'] : {};
    return { name: str(fn['name']) ?? '', arguments: str(fn['arguments']) ?? '' };
  });
}

export async function consumeChatStream(frames: AsyncIterable<SseFrame>, clock: () => number): Promise<StreamResult> {
  const info: StreamInfo = { frames: 0, sawDone: false, usageFrames: 0, completeBy: 'none', framesAfterDone: 0, finalCompletionFrame: false };
  const tools = new Map<number, ToolAcc>();
  const tokenTimes: number[] = [];
  let text = '';
  let finishReason: string | null = null;
  let usage: unknown = null;
  let usageIsUpstream = false;
  let cost: Cost | null = null;
  let responseId: string | null = null;
  let failure: StreamFailure | null = null;
  let thrown: unknown = null;

  const takeUsage = (o: Obj, upstreamForm: boolean) => {
    info.usageFrames++;
    // One usage only: LLM Gateway repeats it (upstream's, then its own); prefer the upstream's.
    if (usage === null || (upstreamForm && !usageIsUpstream)) {
      usage = o['usage'];
      usageIsUpstream = upstreamForm;
      cost = costFromAistatsBody(o) ?? cost;
    }
  };

  try {
    for await (const frame of frames) {
      info.frames++;
      if (info.sawDone) {
        info.framesAfterDone++;
        continue;
      }
      const data = frame.data.trim();
      if (data === '[DONE]' || frame.event === 'done') {
        info.sawDone = true;
        continue;
      }
      if (failure) continue; // drain to the end so e2e covers the whole stream
      let o: unknown;
      try {
        o = JSON.parse(data);
      } catch {
        if (frame.event === 'error') {
          failure = { kind: 'stream-error', code: null, message: data.slice(0, 300), bodyShape: 'sse-error-event', sdkClass: 'APIError' };
        } else {
          failure = { kind: 'malformed-response', code: null, message: `stream frame is not JSON: ${data.slice(0, 120)}`, bodyShape: 'text', sdkClass: null };
        }
        continue;
      }
      if (!isObj(o)) {
        failure = { kind: 'malformed-response', code: null, message: 'stream frame is not a JSON object', bodyShape: 'json-other', sdkClass: null };
        continue;
      }
      responseId ??= str(o['id']);
      // `event: error` (LLM Gateway), `{"object":"error"}` (AI Stats), `{"error":{…}}` (OpenAI style).
      if (frame.event === 'error' || o['object'] === 'error' || isObj(o['error'])) {
        const parsed = readErrorObject(o);
        const objectForm = o['object'] === 'error';
        failure = {
          // LLM Gateway answers a failed upstream with 200 + `event: error` "Error from provider: 429 …" (C60/C61).
          kind: parsed?.upstream ? upstreamKind(parsed.upstream) : 'stream-error',
          code: parsed?.code ?? null,
          message: parsed?.message || 'error frame in stream',
          bodyShape: objectForm ? 'sse-error-object' : 'sse-error-event',
          // The SDK throws APIError on `event: error` / `error` keys; the AI Stats object form it yields as a chunk.
          sdkClass: objectForm ? null : 'APIError',
        };
        continue;
      }
      const choice = firstChoice(o);
      if (o['object'] === 'chat.completion') {
        // AI Stats Responses-route final frame: authoritative finish_reason/usage; content only if no deltas came.
        info.finalCompletionFrame = true;
        const message = choice && isObj(choice['message']) ? choice['message'] : {};
        finishReason = str(choice?.['finish_reason']) ?? finishReason;
        const content = str(message['content']) ?? '';
        const calls = messageToolCalls(message);
        const addsContent = (text === '' && content !== '') || (tools.size === 0 && calls.length > 0);
        if (text === '') text = content;
        if (tools.size === 0) calls.forEach((c, i) => tools.set(i, { ...c }));
        if (addsContent) tokenTimes.push(clock());
        if (isObj(o['usage'])) takeUsage(o, true);
        continue;
      }
      const delta = choice && isObj(choice['delta']) ? choice['delta'] : null;
      let carried = false;
      const content = delta ? str(delta['content']) : null;
      if (content) {
        text += content;
        carried = true;
      }
      if (delta && applyToolDeltas(tools, delta['tool_calls'])) carried = true;
      if (carried) tokenTimes.push(clock());
      const fr = str(choice?.['finish_reason']);
      if (fr !== null) finishReason = fr;
      if (isObj(o['usage'])) {
        // LLM Gateway's own usage chunk is `choices:[{delta:{},finish_reason:null}]`; upstream usage has `choices:[]`.
        const gatewayMade = choice !== null && fr === null && !carried;
        takeUsage(o, !gatewayMade);
      }
    }
  } catch (e) {
    thrown = e;
  }

  const hasUsage = usage !== null;
  info.completeBy =
    finishReason !== null ? (hasUsage ? 'finish_reason+usage' : 'finish_reason') : hasUsage && usageIsUpstream ? 'usage' : 'none';
  if (!failure && thrown === null && info.completeBy === 'none') {
    failure = {
      kind: 'truncated-stream',
      code: null,
      message: hasUsage
        ? 'stream ended without finish_reason; only the gateway-made (estimated) usage chunk arrived'
        : info.frames === 0
          ? '200 stream with an empty body: no frames at all'
          : 'stream ended without finish_reason or usage',
      bodyShape: 'none',
      sdkClass: null,
    };
  }
  return {
    text,
    toolCalls: [...tools.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t),
    finishReason,
    usage,
    usageFromGatewayChunk: hasUsage && !usageIsUpstream,
    cost,
    responseId,
    info,
    tokenTimes,
    failure,
    thrown,
  };
}

/** TTFT, TPOT and the largest gap from content-frame times (DESIGN.md definitions). */
/**
 * TTFT, TPOT and the largest gap of a stream from its content-chunk times. TPOT is per token —
 * (last − first chunk time) ÷ (completion tokens − 1) — when the gateway reported the token count
 * (`reportedTokens`); otherwise per content chunk, and `tpotPer` says which.
 */
export function streamTimings(
  t0: number,
  tokenTimes: readonly number[],
  reportedTokens: number | null = null,
): { ttftMs: number | null; tpotMs: number | null; tpotPer: 'token' | 'chunk'; maxGapMs: number | null } {
  const first = tokenTimes[0];
  const last = tokenTimes[tokenTimes.length - 1];
  const perToken = reportedTokens !== null && reportedTokens > 1;
  if (first === undefined || last === undefined) return { ttftMs: null, tpotMs: null, tpotPer: 'chunk', maxGapMs: null };
  let maxGap = 0;
  for (let i = 1; i < tokenTimes.length; i++) maxGap = Math.max(maxGap, (tokenTimes[i] ?? 0) - (tokenTimes[i - 1] ?? 0));
  const steps = perToken ? reportedTokens - 1 : tokenTimes.length - 1;
  return {
    ttftMs: first - t0,
    tpotMs: tokenTimes.length > 1 && steps > 0 ? (last - first) / steps : null,
    tpotPer: perToken && tokenTimes.length > 1 ? 'token' : 'chunk',
    maxGapMs: tokenTimes.length > 1 ? maxGap : null,
  };
}
