/**
 * Where timed exchanges are sent from: a worker thread shared by every gateway client of the
 * process (transport-worker.ts), whose event loop does only socket I/O and stamping. On the main
 * thread a response that arrives while something else runs — another answer being processed, a
 * case being scored, a garbage collection — is read, and stamped, only when that is over; in the
 * worker it is read when it arrives. The worker starts with the first exchange and holds the
 * process open only while exchanges are in flight.
 *
 * If the worker cannot start or dies, its exchanges in flight fail (as connection errors naming
 * why) and later ones are sent from the main thread, stamped there as before.
 */
import type { Worker } from 'node:worker_threads';
import type { Agent } from 'undici';
import { startModuleWorker } from '../util/worker.ts';
import { errorFromWire, monotonicOriginMs, type Exchanged, type ToMain, type ToWorker } from './transport-protocol.ts';
import { dispatchWire, newPool, preconnectPool, type RawHeaders, type WireRequest } from './wire-dispatch.ts';
import type { WireTiming } from './wire-timing.ts';

export interface ExchangeResult {
  status: number;
  headers: RawHeaders;
}

export interface Transport {
  /**
   * Sends `req`; resolves once the response ended or failed after its headers (the body, the
   * times and any error are in `wire`); rejects, with the transport's own error, only when no
   * response started.
   */
  exchange(req: WireRequest, wire: WireTiming, signal?: AbortSignal | null): Promise<ExchangeResult>;
  /** Opens up to `count` keep-alive connections (GETs to `url`); failures are ignored. */
  preconnect(url: string, count: number): Promise<void>;
  close(): Promise<void>;
  /** The main thread's own pool (requests that are not timed go there). */
  readonly local: Agent;
}

const reasonOf = (s: AbortSignal): Error => (s.reason instanceof Error ? s.reason : new DOMException('This operation was aborted', 'AbortError'));

/** `lost`: the worker died; `sent` says whether it could have sent the request (it was up). */
type Answer = Exclude<ToMain, { t: 'ready' }> | { t: 'lost'; why: string; sent: boolean };
type Waiter = (m: Answer) => void;

/** The worker thread and the calls waiting for its answers. */
class WorkerHost {
  #worker: Worker | null = null;
  #lost: string | null = null;
  #ready = false;
  #next = 0;
  readonly #waiting = new Map<number, Waiter>();
  /** Resolved when no call is waiting any more. */
  readonly #onIdle: Array<() => void> = [];
  readonly #start: () => Worker;

  constructor(start: () => Worker) {
    this.#start = start;
  }

  /** Null once the worker failed: the caller works on the main thread instead. */
  get usable(): boolean {
    return this.#lost === null;
  }

  get started(): boolean {
    return this.#worker !== null;
  }

  get threadId(): number | null {
    return this.#worker?.threadId ?? null;
  }

  /** Posts a message that expects one answer; returns its id (for an abort). */
  call(make: (id: number) => ToWorker, onAnswer: Waiter): number {
    const worker = this.#ensure();
    const id = this.#next++;
    this.#waiting.set(id, onAnswer);
    if (this.#waiting.size === 1) worker.ref();
    worker.postMessage(make(id));
    return id;
  }

  post(m: ToWorker): void {
    this.#worker?.postMessage(m);
  }

  #answered(id: number, m: Answer): void {
    const w = this.#waiting.get(id);
    if (w === undefined) return;
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) {
      this.#worker?.unref();
      for (const idle of this.#onIdle.splice(0)) idle();
    }
    w(m);
  }

  /**
   * Stops the worker once no call waits for it, and frees its isolate; the next call starts a new
   * one (its pools are made again as they are used). Nothing happens while it is not running.
   */
  async retire(): Promise<void> {
    if (this.#waiting.size > 0) await new Promise<void>((resolve) => this.#onIdle.push(resolve));
    const worker = this.#worker;
    // A call made since it went idle keeps it: only a worker nobody waits for is stopped.
    if (worker === null || this.#waiting.size > 0) return;
    // Its exit is not a loss: the handlers ignore a worker that is no longer this one.
    this.#worker = null;
    this.#ready = false;
    await worker.terminate();
  }

  #ensure(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = this.#start();
    worker.unref();
    worker.postMessage({ t: 'init', originMs: monotonicOriginMs() } satisfies ToWorker);
    worker.on('message', (m: ToMain) => {
      if (m.t === 'ready') this.#ready = true;
      else this.#answered(m.id, m);
    });
    const lost = (why: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#lost = why;
      for (const id of [...this.#waiting.keys()]) this.#answered(id, { t: 'lost', why, sent: this.#ready });
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`it exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }
}

let shared: WorkerHost | null = null;
const host = (): WorkerHost => (shared ??= new WorkerHost(() => startModuleWorker('transport-worker', import.meta.url, { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 } })));
let nextPool = 0;

/**
 * Stops the shared transport worker once its calls are answered: a run calls it when its requests
 * are done, so the worker's isolate (~15-20 MB) is not held through the gate and the reports. A
 * later exchange starts a new worker.
 */
export async function retireTransportWorker(): Promise<void> {
  await shared?.retire();
}

/** The shared transport worker's thread id while it runs, else null (diagnostics and tests). */
export function transportWorkerThread(): number | null {
  return shared?.threadId ?? null;
}

/** One keep-alive pool (per gateway client), in the transport worker. */
export function createTransport(opts: { connections?: number | null; /** Test seam: a worker of its own, started so. */ startWorker?: () => Worker } = {}): Transport {
  const ref = { pool: nextPool++, connections: opts.connections ?? null };
  let local: Agent | null = null;
  const localAgent = () => (local ??= newPool(ref.connections));
  const h = opts.startWorker ? new WorkerHost(opts.startWorker) : host();

  function exchange(req: WireRequest, wire: WireTiming, signal?: AbortSignal | null): Promise<ExchangeResult> {
    if (signal?.aborted) {
      const reason = reasonOf(signal);
      wire.failed(reason);
      return Promise.reject(reason);
    }
    if (!h.usable) return exchangeHere(localAgent(), req, wire, signal ?? null);
    return new Promise<ExchangeResult>((resolve, reject) => {
      /** Set when the caller aborted: the error reported is its reason. */
      let aborted: Error | null = null;
      const onAbort = () => {
        aborted = reasonOf(signal as AbortSignal);
        h.post({ t: 'abort', id });
      };
      const id = h.call(
        (i) => ({ t: 'send', id: i, req, pool: ref.pool, connections: ref.connections }),
        (m) => {
          signal?.removeEventListener('abort', onAbort);
          if (m.t === 'lost' && !m.sent && aborted === null) {
            // The worker never came up: nothing was sent, so send it from here.
            exchangeHere(localAgent(), req, wire, signal ?? null).then(resolve, reject);
          } else if (m.t === 'lost') {
            const err = aborted ?? new Error(`the transport worker stopped: ${m.why}`);
            wire.failed(err);
            reject(err);
          } else if (m.t === 'exchanged') settle(m, wire, aborted, resolve, reject);
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    exchange,
    async preconnect(url, count) {
      if (!h.usable) return preconnectPool(localAgent(), url, count);
      const lost = await new Promise<boolean>((resolve) => h.call((id) => ({ t: 'preconnect', id, url, count, pool: ref.pool, connections: ref.connections }), (m) => resolve(m.t === 'lost')));
      if (lost) await preconnectPool(localAgent(), url, count);
    },
    async close() {
      const closing = local?.close();
      if (h.usable && h.started) await new Promise<void>((resolve) => h.call((id) => ({ t: 'close', id, pool: ref.pool }), () => resolve()));
      await closing;
    },
    get local() {
      return localAgent();
    },
  };
}

/** The worker's answer into the WireTiming, then the caller's promise. */
function settle(m: Exchanged, wire: WireTiming, aborted: Error | null, resolve: (r: ExchangeResult) => void, reject: (e: unknown) => void): void {
  wire.sentAt = m.sentAt;
  const body = Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength);
  let at = 0;
  for (const [i, size] of m.sizes.entries()) {
    wire.received(body.subarray(at, at + size), m.times[i] as number);
    at += size;
  }
  if (m.error === null) {
    wire.ended(m.endAt as number);
    resolve({ status: m.status, headers: m.headers });
    return;
  }
  const err = aborted ?? errorFromWire(m.error);
  wire.failed(err);
  if (m.status !== 0) resolve({ status: m.status, headers: m.headers });
  else reject(err);
}

/** The same exchange on the main thread (no worker). */
function exchangeHere(agent: Agent, req: WireRequest, wire: WireTiming, signal: AbortSignal | null): Promise<ExchangeResult> {
  return new Promise<ExchangeResult>((resolve, reject) => {
    let status = 0;
    let headers: RawHeaders = {};
    let abort: ((reason: Error) => void) | null = null;
    const onAbort = () => abort?.(reasonOf(signal as AbortSignal));
    signal?.addEventListener('abort', onAbort, { once: true });
    abort = dispatchWire(agent, req, {
      sent: (at) => (wire.sentAt = at),
      head: (s, h) => {
        status = s;
        headers = h;
      },
      data: (chunk, at) => wire.received(chunk, at),
      end: (at) => {
        signal?.removeEventListener('abort', onAbort);
        wire.ended(at);
        resolve({ status, headers });
      },
      error: (err) => {
        signal?.removeEventListener('abort', onAbort);
        wire.failed(err);
        if (status !== 0) resolve({ status, headers });
        else reject(err);
      },
    });
  });
}
