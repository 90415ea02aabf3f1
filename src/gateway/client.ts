/**
 * The measured gateway client: one openai SDK client per gateway (keep-alive), SDK retries
 * off, bodies read and streams parsed by us, every failure normalised from the raw response,
 * a deadline over the whole exchange, and the visible retry policy of retry.ts.
 * `send` never throws: every failure is an error outcome.
 */
import OpenAI from 'openai';
import { redact, type Secret } from '../config/secret.ts';
import type { ChatMessage, RequestParams } from '../suite/types.ts';
import { findingsFor, notEventStream, parseCompletionBody, resolveCost } from './answer.ts';
import { costFromAistatsBody, type Price } from './cost.ts';
import { normaliseError } from './errors.ts';
import { attemptSignal, fanOut, fanOutCache } from './attempt-signal.ts';
import { captureInit, capturingFetch, type CaptureSlot } from './fetch-capture.ts';
import { createFastFetch, headersFromUndici, type ExchangeResult, type FastFetch } from './fast-fetch.ts';
import { WireTiming } from './wire-timing.ts';
import { missingV1Hint } from './base-url.ts';
import { profile as profileOf } from './profiles.ts';
import { isRetryable, retryDelayMs, sleep as realSleep, type RetryPolicy } from './retry.ts';
import { parseSse } from './sse.ts';
import { consumeChatStream, streamTimings } from './stream.ts';
import type { Cost, ErrorKind, NormalisedError, ProfileName, Role, StreamInfo, ToolCall, Usage } from './types.ts';
import { readUsage } from './usage.ts';

export interface GatewayClientOptions {
  role: Role;
  name: string;
  profile: ProfileName;
  baseURL: string;
  apiKey: Secret;
  timeoutMs: number;
  retries: RetryPolicy;
  headers?: Record<string, string>;
  prices?: (canonicalModel: string) => Price | null;
  /** Test seams; default to performance.now, setTimeout-based sleep, Math.random and undici (fast-fetch.ts). */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface ChatRequest {
  /** Already mapped for this gateway by the alias function. */
  model: string;
  messages: readonly ChatMessage[];
  params: RequestParams;
  stream: boolean;
  /** Contract cases send a deliberately wrong key. */
  apiKeyOverride?: Secret;
}

export type AttemptOutcome =
  | {
      kind: 'ok';
      text: string;
      toolCalls: ToolCall[];
      finishReason: string | null;
      usage: Usage;
      cost: Cost;
      streamInfo?: StreamInfo;
      findings: string[];
      requestId: string | null;
    }
  | { kind: 'error'; error: NormalisedError; text?: string; streamInfo?: StreamInfo };

export interface AttemptTimings {
  ttftMs: number | null;
  e2eMs: number;
  tpotMs: number | null;
  /** TPOT per token (the gateway reported the completion token count) or per content chunk. */
  tpotPer?: 'token' | 'chunk';
  maxGapMs: number | null;
}

export interface Attempted {
  outcome: AttemptOutcome;
  /** Of the final attempt. */
  timings: AttemptTimings;
  /** Extra attempts made by the retry policy. */
  retries: number;
  /** First attempt start → final outcome: what the caller waited, retries and back-off included. */
  appMs: number;
  /** The first attempt's error (null when it succeeded), whatever the retries made of it. */
  firstError: { kind: ErrorKind; status: number | null } | null;
  requestId: string | null;
}

/** One attempt, before the retry policy adds what it knows across attempts. */
type OneAttempt = Omit<Attempted, 'retries' | 'appMs' | 'firstError'>;

/**
 * A 2xx answer as the readers below see it: its status, a header getter and where the body is
 * (the WireTiming on our transport, else the Response of a custom fetch).
 */
interface Answer {
  status: number;
  header(name: string): string | null;
  response: Response | null;
  wire: WireTiming | null;
}

/** A chat request as the SDK puts it on the wire for one key, minus the body (built once, see templateFor). */
interface WireTemplate {
  url: string;
  method: string;
  headers: Record<string, string>;
}

export interface GatewayClient {
  send(req: ChatRequest, signal?: AbortSignal): Promise<Attempted>;
  /** Opens up to `count` keep-alive connections before measuring (no-op with a custom fetch). */
  preconnect(count: number): Promise<void>;
  /** Aborts requests in flight; later sends fail as 'interrupted'. */
  close(): void;
}

const noStreamTimings = (e2eMs: number): AttemptTimings => ({ ttftMs: null, e2eMs, tpotMs: null, maxGapMs: null });

export function createGatewayClient(opts: GatewayClientOptions): GatewayClient {
  const clock = opts.clock ?? (() => performance.now());
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  const prof = profileOf(opts.profile);
  const closed = new AbortController();
  const onClose = fanOut(closed.signal);
  const callerFanOut = fanOutCache();
  // undici.request underneath the SDK: a quarter of global fetch's CPU per request (fast-fetch.ts).
  const transport = opts.fetch ? null : createFastFetch();
  // A server without auth (an openai-compatible mock; no keyEnv): no Authorization header at all.
  // The SDK insists on a key, so it gets a placeholder and the header is removed (null).
  const keyless = opts.apiKey.reveal() === '';
  const sdk = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: keyless ? 'no-key' : opts.apiKey.reveal(),
    organization: null, // never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment
    project: null,
    maxRetries: 0,
    timeout: opts.timeoutMs,
    defaultHeaders: { ...opts.headers, ...(keyless ? { Authorization: null } : {}) },
    fetch: capturingFetch(opts.fetch ?? (transport?.fetch as typeof fetch)),
  });

  /**
   * The request line and headers exactly as the SDK builds them (its public `buildRequest`: URL,
   * auth, defaults, platform and X-Stainless headers, content type), once per key — the gateway's,
   * or a contract case's wrong key — instead of the SDK's whole per-call machinery per request.
   * Nothing in them varies per call here: SDK retries are off (X-Stainless-Retry-Count is always
   * 0), the timeout is the client's, and the openai client sends no idempotency key.
   */
  const templates = new Map<string, WireTemplate>();
  async function templateFor(override: Secret | undefined): Promise<WireTemplate> {
    const key = override?.reveal() ?? '';
    const options: Parameters<OpenAI['buildRequest']>[0] = { method: 'post', path: '/chat/completions', body: {}, __security: { bearerAuth: true } };
    if (override) options.headers = { Authorization: `Bearer ${key}` };
    const { req, url } = await sdk.buildRequest(options, { retryCount: 0 });
    const headers: Record<string, string> = {};
    // As the SDK's fetch gets them (a Headers object): lower-case names, in Headers order.
    new Headers(req.headers).forEach((v, k) => (headers[k] = v));
    const template = { url, method: (req.method ?? 'GET').toUpperCase(), headers };
    templates.set(key, template);
    return template;
  }

  /**
   * One request on our transport with the SDK's wire template and the body as the SDK encodes it
   * (JSON.stringify). Failures raise what the SDK's own call raises, so they classify as before:
   * no response → its connection/abort errors; a non-2xx → its class for the status (after the
   * raw status, headers and body are filed in `slot`, as fetch-capture.ts does).
   */
  async function exchange(t: FastFetch, req: ChatRequest, body: object, sig: AbortSignal, wire: WireTiming, slot: CaptureSlot): Promise<Answer> {
    const tpl = templates.get(req.apiKeyOverride?.reveal() ?? '') ?? (await templateFor(req.apiKeyOverride));
    let res: ExchangeResult;
    try {
      res = await t.exchange(tpl.url, { method: tpl.method, headers: tpl.headers, body: JSON.stringify(body), signal: sig }, wire);
    } catch (err) {
      throw sdkConnectionError(err, sig);
    }
    const { status } = res;
    if (status >= 200 && status < 300) return { status, header: (name) => headerOf(res.headers, name), response: null, wire };
    // The SDK reads a failed answer whole: one whose body broke off is a connection error to it.
    if (wire.error !== null) throw sdkConnectionError(wire.error, sig);
    const headers = headersFromUndici(res.headers);
    slot.error = { status, headers, bodyText: wire.body().toString('utf8') };
    throw OpenAI.APIError.generate(status, undefined, undefined, headers);
  }

  /** Through the SDK (a custom fetch: a test seam): its per-call machinery, our capture slot. */
  async function viaSdk(body: object, req: ChatRequest, sig: AbortSignal, slot: CaptureSlot): Promise<Answer> {
    const headers = req.apiKeyOverride ? { Authorization: `Bearer ${req.apiKeyOverride.reveal()}` } : undefined;
    const response = await sdk.chat.completions
      .create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal: sig, ...(headers ? { headers } : {}), fetchOptions: captureInit(slot) })
      .asResponse();
    return { status: response.status, header: (name) => response.headers.get(name), response, wire: null };
  }

  const bodyRequestId = (id: string | null) => (prof.requestId.bodyField === 'id' ? id : null);
  // Times taken on the wire by our transport (wire-timing.ts), in performance.now() like the
  // default clock; with a custom clock or fetch (tests), times come from `clock` alone.
  const wireTimed = transport !== null && opts.clock === undefined;
  /** Start of the attempt: when the request went out on the socket, else t0. */
  const startOf = (t0: number, wire: WireTiming | null) => wire?.sentAt ?? t0;
  /** Request written → last byte read, when the transport saw both; else t0 → now. */
  const e2eOf = (t0: number, wire: WireTiming | null) => (wire?.sentAt != null && wire.endAt !== null ? wire.endAt - wire.sentAt : clock() - t0);

  async function attemptOnce(req: ChatRequest, signal: AbortSignal | undefined, secrets: readonly Secret[]): Promise<OneAttempt> {
    const attempt = attemptSignal(opts.timeoutMs, signal ? [onClose, callerFanOut(signal)] : [onClose]);
    const sig = attempt.signal;
    const slot: CaptureSlot = { error: null };
    // Our deadline → timeout; the caller or close() → interrupted, whatever reason they aborted with.
    const abortCause = (err: unknown) =>
      attempt.timedOut() ? sig.reason : sig.aborted ? new DOMException('aborted by the caller', 'AbortError') : err;
    // Object.assign, not a literal opening with a spread: V8 (Node 20) gives every `{ ...a, b }`
    // its own hidden class (~2 µs and ~1 KB each, and slow JSON.stringify); this shares one.
    const body = Object.assign({}, req.params, { model: req.model, messages: req.messages, stream: req.stream }, req.stream ? { stream_options: { include_usage: true } } : null);
    let status: number | null = null;
    let headerId: string | null = null;
    // The body always comes from the WireTiming on our transport; its times only with the default clock.
    const answerWire = transport !== null ? new WireTiming() : null;
    const wire = wireTimed ? answerWire : null;
    // t0: the caller has already acquired its concurrency slot.
    const t0 = clock();
    try {
      const answer = transport !== null && answerWire !== null ? await exchange(transport, req, body, sig, answerWire, slot) : await viaSdk(body, req, sig, slot);
      status = answer.status;
      headerId = answer.header('x-request-id');
      if (!req.stream) return await readJson(req, answer, t0, wire, headerId, sig);
      return await readStream(req, answer, t0, wire, headerId, secrets, abortCause);
    } catch (err) {
      const e2eMs = e2eOf(t0, wire);
      const error = slot.error
        ? normaliseError({ ...slot.error, sdkClass: sdkClassOf(err), profile: opts.profile, secrets })
        : { ...normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: opts.profile, cause: abortCause(err), secrets }), status };
      error.requestId ??= headerId;
      const hint = error.status === 404 ? missingV1Hint(opts.baseURL) : null;
      if (hint !== null) error.message = `${error.message} — ${hint}`;
      return { outcome: { kind: 'error', error }, timings: noStreamTimings(e2eMs), requestId: error.requestId };
    } finally {
      attempt.dispose();
    }
  }

  async function readJson(req: ChatRequest, answer: Answer, t0: number, wire: WireTiming | null, headerId: string | null, sig: AbortSignal): Promise<OneAttempt> {
    // Our transport keeps the body in the WireTiming (fast-fetch.ts); another fetch in the Response.
    const text = answer.wire ? await answer.wire.text() : await untilAborted((answer.response as Response).text(), sig);
    const e2eMs = e2eOf(t0, wire);
    const parsed = parseCompletionBody(text, answer.header('content-type'));
    const requestId = headerId ?? ('malformed' in parsed ? null : bodyRequestId(parsed.id));
    if ('malformed' in parsed) {
      const error: NormalisedError = { status: answer.status, code: null, message: redact(parsed.malformed, [opts.apiKey]), kind: 'malformed-response', requestId, sdkClass: null, bodyShape: text.trim() === '' ? 'empty' : 'text' };
      return { outcome: { kind: 'error', error }, timings: noStreamTimings(e2eMs), requestId };
    }
    const usage = readUsage(parsed.usage, { messages: req.messages, text: parsed.text, toolCalls: parsed.toolCalls, reportsUsage: prof.reportsUsage });
    const cost = resolveCost(costFromAistatsBody(parsed.body), usage, req.model, opts.prices);
    const findings = findingsFor(req.params, parsed, usage);
    return {
      outcome: { kind: 'ok', text: parsed.text, toolCalls: parsed.toolCalls, finishReason: parsed.finishReason, usage, cost, findings, requestId },
      timings: noStreamTimings(e2eMs),
      requestId,
    };
  }

  async function readStream(
    req: ChatRequest,
    answer: Answer,
    t0: number,
    wire: WireTiming | null,
    headerId: string | null,
    secrets: readonly Secret[],
    causeOf: (err: unknown) => unknown,
  ): Promise<OneAttempt> {
    // A frame's time is when the bytes that completed it came off the socket.
    const body = answer.wire ?? answer.response?.body ?? null;
    const frames = body === null ? (async function* () {})() : body instanceof WireTiming ? body.frames() : parseSse(body);
    const r = await consumeChatStream(frames, wire ? () => wire.readAt ?? clock() : clock);
    const e2eMs = e2eOf(t0, wire);
    const timings = Object.assign(streamTimings(startOf(t0, wire), r.tokenTimes), { e2eMs });
    const requestId = headerId ?? bodyRequestId(r.responseId);
    const partial = r.text !== '' ? { text: r.text } : {};
    if (r.thrown !== null) {
      // Deadline, abort or a broken socket mid-stream: classified like a missing response, but a response did start.
      const base = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: opts.profile, cause: causeOf(r.thrown), secrets });
      const error: NormalisedError = { ...base, status: answer.status, requestId };
      return { outcome: { kind: 'error', error, ...partial, streamInfo: r.info }, timings, requestId };
    }
    if (r.failure) {
      const type = answer.header('content-type');
      // A 2xx answer to a streamed request that is no event stream (a JSON body, an HTML page) says so.
      const notSse = r.info.frames === 0 && type !== null && !type.includes('text/event-stream');
      const message = notSse ? notEventStream(type, answer.wire ? answer.wire.body().toString('utf8') : null) : r.failure.message;
      const error: NormalisedError = { ...r.failure, ...(notSse ? { kind: 'malformed-response' as const } : {}), message: redact(message, secrets), status: answer.status, requestId };
      return { outcome: { kind: 'error', error, ...partial, streamInfo: r.info }, timings, requestId };
    }
    const usage = readUsage(r.usage, { messages: req.messages, text: r.text, toolCalls: r.toolCalls, gatewayMade: r.usageFromGatewayChunk, reportsUsage: prof.reportsUsage });
    const cost = resolveCost(r.cost, usage, req.model, opts.prices);
    const findings = findingsFor(req.params, r, usage);
    // TPOT per token when the gateway itself counted the completion tokens.
    const counted = usage.source === 'reported' ? usage.completionTokens : null;
    return {
      outcome: { kind: 'ok', text: r.text, toolCalls: r.toolCalls, finishReason: r.finishReason, usage, cost, streamInfo: r.info, findings, requestId },
      timings: Object.assign(streamTimings(startOf(t0, wire), r.tokenTimes, counted), { e2eMs }),
      requestId,
    };
  }

  /** Last line of defence: nothing escapes `send`. */
  async function attemptSafely(req: ChatRequest, signal: AbortSignal | undefined, secrets: readonly Secret[]): Promise<OneAttempt> {
    const t0 = clock();
    try {
      return await attemptOnce(req, signal, secrets);
    } catch (err) {
      const cause = signal?.aborted || closed.signal.aborted ? new DOMException('aborted', 'AbortError') : err;
      const error = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: opts.profile, cause, secrets });
      return { outcome: { kind: 'error', error }, timings: noStreamTimings(clock() - t0), requestId: null };
    }
  }

  return {
    async send(req, signal) {
      const secrets = [opts.apiKey, ...(req.apiKeyOverride ? [req.apiKeyOverride] : [])];
      let retries = 0;
      let firstError: Attempted['firstError'] | undefined;
      const started = clock();
      for (;;) {
        const result = await attemptSafely(req, signal, secrets);
        const { outcome } = result;
        firstError ??= outcome.kind === 'ok' ? null : { kind: outcome.error.kind, status: outcome.error.status };
        const done = (): Attempted => Object.assign({}, result, { retries, appMs: clock() - started, firstError: firstError ?? null });
        if (outcome.kind === 'ok') return done();
        const deliveredContent = outcome.text !== undefined && outcome.text !== '';
        const stopped = signal?.aborted === true || closed.signal.aborted;
        if (retries >= opts.retries.max || stopped || deliveredContent || !isRetryable(outcome.error)) return done();
        const delay = retryDelayMs(retries, opts.retries, outcome.error.retryAfterS, random);
        try {
          await sleep(delay, signal ? AbortSignal.any([signal, closed.signal]) : closed.signal);
        } catch {
          return done();
        }
        retries++;
      }
    },
    async preconnect(count) {
      // The profile's health route: no auth, no tokens. Same origin as the chat calls, so the
      // sockets it opens are the ones the measured requests reuse.
      if (transport) await transport.preconnect(new URL(prof.health.path, opts.baseURL).toString(), count);
    },
    close() {
      closed.abort(new DOMException('gateway client closed', 'AbortError'));
      void transport?.close();
    },
  };
}

/** A raw (undici) response header as `Headers.get` gives it: repeated values joined by ', '. */
function headerOf(raw: ExchangeResult['headers'], name: string): string | null {
  const v = raw[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

/**
 * The error the SDK raises when its fetch rejects (openai client.js makeRequest): a user abort
 * when the request's signal fired, a connection timeout when the error reads like one, else a
 * connection error from the SDK's own factory with the transport's error as its cause.
 */
function sdkConnectionError(err: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return new OpenAI.APIUserAbortError();
  const e = err as { name?: unknown; message?: unknown; cause?: unknown } | null;
  const abortLike = typeof e === 'object' && e !== null && (e.name === 'AbortError' || String(e.message).includes('FetchRequestCanceledException'));
  if (abortLike || /timed? ?out/i.test(String(err) + (typeof e === 'object' && e !== null && 'cause' in e ? String(e.cause) : ''))) return new OpenAI.APIConnectionTimeoutError();
  return OpenAI.APIError.generate(undefined, err as object | undefined, undefined, undefined);
}

function sdkClassOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const name = (err as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== 'Object' ? name : null;
}

/** Rejects with the signal's reason when it aborts before `p` settles (belt and braces for body reads). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
