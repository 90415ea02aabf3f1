/**
 * Delivers a validated chat request: latency model, fault injection and stream pacing, shared by
 * every profile. Profiles supply a ChatRender that writes bodies and frames in their own shape.
 */
import { countTokens } from './text.ts';
import { sendJson, sendRaw, startSse, waitForClose, waitUntil, writeFrames, type Headers, type RequestContext } from './http.ts';
import { respond, streamPieces, type SimAnswer, type SimToolCall } from './responder.ts';
import type { ChatRequest } from './request.ts';
import type { FaultKind } from '../config/schema.ts';
import { STREAM_ONLY_FAULTS } from './faults.ts';
import { drawRequest, nextVariation, recordInjected, type RequestDraw, type SimState } from './state.ts';

export type Piece = { kind: 'content'; text: string } | { kind: 'tool'; first: boolean; call: SimToolCall; args: string };

export interface StreamRender {
  headers: Headers;
  /** Frames sent as soon as the headers go out (e.g. a role-only chunk). */
  open(): string[];
  piece(p: Piece): string[];
  /** finish_reason, usage and terminator frames. */
  finish(): string[];
  /** How the stream ends when cut mid-way (stream-cut). */
  cut(): string[];
  /** Error frames (stream-error), sent after `errorAfter(total)` pieces. */
  error(): string[];
  errorAfter(totalPieces: number): number;
}

/** A profile's answer to a fault: a status and JSON body, a 200 stream of these frames, or a normal answer (the real gateway never answers that way). */
export type FaultAnswer =
  | { type: 'json'; status: number; headers: Headers; body: unknown }
  | { type: 'sse'; headers: Headers; frames: string[] }
  | { type: 'normal' };

export interface ChatRender {
  completion(): { headers: Headers; body: unknown };
  stream(): StreamRender;
  /**
   * How this profile answers `kind` before any normal answer (every http-* and upstream-* kind,
   * and any other kind it renders its own way); null leaves it to the shared handling below.
   */
  fault(kind: FaultKind, stream: boolean): FaultAnswer | null;
}

export interface ChatSetup {
  ctx: RequestContext;
  state: SimState;
  request: ChatRequest;
  /** The id the client will see (header or body), under which the injected latency is recorded. */
  requestId: string;
  /** Builds the renderer once the answer is known. */
  render: (answer: SimAnswer, draw: RequestDraw) => ChatRender;
}

const SLOW_DRIP_FACTOR = 10;
const SLOW_DRIP_MIN_GAP_MS = 25;

export async function deliverChat({ ctx, state, request, requestId, render }: ChatSetup): Promise<void> {
  // Generating the answer is the heavy part: one per turn, so other arrivals are stamped first.
  await state.turns.next();
  if (ctx.signal.aborted) return;
  const draw = drawRequest(state, JSON.stringify([request.model, request.messages, request.stream]));
  const answer = respond(request, {
    changeOutputs: state.sim.drift?.changeOutputs ?? 0,
    variation: (key) => nextVariation(state, key),
    distortion: state.sim.distortion,
  });
  const renderer = render(answer, draw);
  const { baseMs, perTokenMs } = state.sim.latency;
  const f = draw.latencyFactor;
  const answered = draw.fault !== null ? renderer.fault(draw.fault, request.stream) : null;
  const fault = answered?.type === 'normal' || (draw.fault !== null && answered === null && STREAM_ONLY_FAULTS.has(draw.fault) && !request.stream) ? null : draw.fault;

  if (fault === 'reset') {
    // No status line at all: the client sees a connection reset.
    ctx.req.socket.destroy();
    return;
  }
  if (fault === 'hang') return waitForClose(ctx);
  if (answered !== null && answered.type !== 'normal') {
    if (!(await waitUntil(ctx, ctx.arrivedAt + baseMs * f))) return;
    if (answered.type === 'json') return sendJson(ctx.res, answered.status, answered.body, answered.headers);
    startSse(ctx.res, answered.headers);
    writeFrames(ctx.res, answered.frames);
    ctx.res.end();
    return;
  }
  if (fault === 'not-json') {
    if (!(await waitUntil(ctx, ctx.arrivedAt + baseMs * f))) return;
    sendRaw(ctx.res, 200, '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>\n', { 'content-type': 'text/html; charset=utf-8' });
    return;
  }

  if (!request.stream) {
    const e2eMs = (baseMs + perTokenMs * answer.completionTokens) * f;
    // Rendered before the wait, so only the write happens after it.
    const { headers, body } = renderer.completion();
    if (!(await waitUntil(ctx, ctx.arrivedAt + e2eMs))) return;
    // What the client could see is what was done, timer lateness included, not what was aimed for;
    // stamped as the bytes are handed to the socket, so no client can have them earlier.
    const writtenAt = performance.now();
    sendJson(ctx.res, 200, body, headers);
    if (fault === null) recordInjected(state, requestId, { ttftMs: null, e2eMs: writtenAt - ctx.arrivedAt, targetE2eMs: e2eMs, arrivedAtEpochMs: performance.timeOrigin + ctx.arrivedAt });
    return;
  }

  const sr = renderer.stream();
  const pieces = piecesOf(answer);
  startSse(ctx.res, sr.headers);
  writeFrames(ctx.res, sr.open());
  const stopAt = fault === 'stream-cut' ? Math.max(1, Math.floor(pieces.length / 2)) : fault === 'stream-error' ? sr.errorAfter(pieces.length) : pieces.length;
  let at = ctx.arrivedAt + baseMs * f;
  let firstWrittenAt: number | null = null;
  for (let i = 0; i < stopAt; i++) {
    const piece = pieces[i];
    if (piece === undefined) break;
    if (i > 0) {
      const gap = perTokenMs * tokensOf(piece) * f;
      at += fault === 'slow-drip' ? Math.max(gap * SLOW_DRIP_FACTOR, SLOW_DRIP_MIN_GAP_MS) : gap;
    }
    const frames = sr.piece(piece);
    if (!(await waitUntil(ctx, at))) return;
    firstWrittenAt ??= performance.now();
    writeFrames(ctx.res, frames);
  }
  if (stopAt === 0 && !(await waitUntil(ctx, at))) return;
  const tail = fault === 'stream-cut' ? sr.cut() : fault === 'stream-error' ? sr.error() : sr.finish();
  const endedAt = performance.now();
  writeFrames(ctx.res, tail);
  ctx.res.end();
  if (fault === null) {
    recordInjected(state, requestId, {
      ttftMs: firstWrittenAt === null ? null : firstWrittenAt - ctx.arrivedAt,
      e2eMs: endedAt - ctx.arrivedAt,
      targetE2eMs: at - ctx.arrivedAt,
      arrivedAtEpochMs: performance.timeOrigin + ctx.arrivedAt,
    });
  }
}

function tokensOf(p: Piece): number {
  return p.kind === 'content' ? countTokens(p.text) : countTokens(p.args);
}

/** Content split into a few words per chunk; a tool call as its name, then its arguments in parts. */
export function piecesOf(answer: SimAnswer): Piece[] {
  if (answer.toolCall !== null) {
    const call = answer.toolCall;
    const size = Math.max(8, Math.ceil(call.arguments.length / 3));
    const out: Piece[] = [{ kind: 'tool', first: true, call, args: '' }];
    for (let i = 0; i < call.arguments.length; i += size) out.push({ kind: 'tool', first: false, call, args: call.arguments.slice(i, i + size) });
    return out;
  }
  return streamPieces(answer.content ?? '').map((text) => ({ kind: 'content', text }));
}

/** Seconds since the epoch, as `created` fields carry. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
