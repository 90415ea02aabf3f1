/**
 * Messages between the main thread and the transport worker (transport.ts ↔ transport-worker.ts),
 * and errors made fit to cross a thread: what normaliseError (errors.ts) classifies by — name,
 * code, message and the cause chain — survives; the class does not.
 */
import type { RawHeaders, WireRequest } from './wire-dispatch.ts';

/** A pool is one keep-alive Agent in the worker, one per FastFetch (gateway client). */
export interface PoolRef {
  pool: number;
  connections: number | null;
}

export type ToWorker =
  /** Main's time origin on the monotonic clock: the worker converts its times to main's performance.now(). */
  | { t: 'init'; originMs: number }
  | ({ t: 'send'; id: number; req: WireRequest } & PoolRef)
  | { t: 'abort'; id: number }
  | ({ t: 'preconnect'; id: number; url: string; count: number } & PoolRef)
  | { t: 'close'; id: number; pool: number };

export interface Exchanged {
  t: 'exchanged';
  id: number;
  /** 0 when no response started. */
  status: number;
  headers: RawHeaders;
  /** In the main thread's performance.now(). */
  sentAt: number | null;
  endAt: number | null;
  /** The body as read, in one buffer; `sizes` are the pieces as they came off the socket, `times` when. */
  body: Uint8Array;
  sizes: number[];
  times: number[];
  error: WireError | null;
}

/** `ready`: the worker is up (before it, a worker that dies has sent nothing, and its exchanges are sent from the main thread). */
export type ToMain = Exchanged | { t: 'done'; id: number } | { t: 'ready' };

export interface WireError {
  name: string;
  message: string;
  code?: string;
  cause?: WireError;
}

export function errorToWire(err: unknown, depth = 0): WireError {
  if (typeof err !== 'object' || err === null) return { name: 'Error', message: String(err) };
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const out: WireError = { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : '' };
  if (typeof e.code === 'string') out.code = e.code;
  if (e.cause !== undefined && e.cause !== null && depth < 5) out.cause = errorToWire(e.cause, depth + 1);
  return out;
}

export function errorFromWire(w: WireError): Error {
  const err: Error & { code?: string } = w.cause ? new Error(w.message, { cause: errorFromWire(w.cause) }) : new Error(w.message);
  err.name = w.name;
  if (w.code !== undefined) err.code = w.code;
  return err;
}

/** performance.now()'s origin on the process-wide monotonic clock (the same in every thread). */
export function monotonicOriginMs(): number {
  let best = Infinity;
  let origin = 0;
  // Two clock reads back to back; the closest pair is the best estimate.
  for (let i = 0; i < 5; i++) {
    const a = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1e6;
    const b = performance.now();
    if (b - a < best) {
      best = b - a;
      origin = hr - (a + b) / 2;
    }
  }
  return origin;
}
