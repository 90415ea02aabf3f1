/**
 * A `fetch` for the openai SDK built on undici's `request` API instead of the WHATWG fetch.
 *
 * Why: Node's global fetch costs about 1.9 ms of CPU per request on this 2-core machine against
 * 0.5 ms for `undici.request` (same engine, same keep-alive pool semantics, measured in one
 * process). A harness that times requests on one event loop must spend as little as possible
 * per request, or requests in flight wait for each other's bookkeeping and that wait shows up
 * as gateway latency. The SDK still builds every request and raises its own error classes; only
 * the transport underneath is cheaper.
 *
 * It is also where latency is timed: a request that carries a WireTiming (wire-timing.ts, the
 * gateway client's requests) is an exchange (`exchange`, wireFetch below): sent to undici's
 * dispatcher from the transport worker thread (transport.ts), which records when the request is
 * written and when each piece of the answer is read on an event loop that does nothing else, and
 * keeps the body in the WireTiming: no Node stream, no web stream, no Response body for a 2xx
 * answer.
 */
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { createTransport, type ExchangeResult, type Transport } from './transport.ts';
import type { RawHeaders } from './wire-dispatch.ts';
import { WIRE, type WireInit, type WireTiming } from './wire-timing.ts';

export type { ExchangeResult };

/** What `exchange` sends: the request exactly as it goes on the wire (header names as given). */
export interface ExchangeInit {
  method: string;
  headers: Record<string, string>;
  body: string | null;
  signal?: AbortSignal;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response must not have a body (the constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function headersOf(h: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (h === undefined || h === null) return out;
  if (h instanceof Headers) h.forEach((v, k) => (out[k] = v));
  else if (Array.isArray(h)) for (const [k, v] of h) out[k.toLowerCase()] = v;
  else for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

/** undici's raw response headers as a WHATWG Headers (repeated ones appended). */
export function headersFromUndici(raw: RawHeaders): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const x of v) out.append(k, x);
    else if (v !== undefined) out.set(k, v);
  }
  return out;
}

function bodyOf(b: RequestInit['body']): string | Uint8Array | null {
  if (b === undefined || b === null) return null;
  if (typeof b === 'string' || b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  throw new TypeError('fast fetch: only string and byte bodies are supported');
}

/**
 * One keep-alive pool per gateway client. `close()` ends it (idle sockets would otherwise keep
 * the process alive for the keep-alive timeout).
 */
export interface FastFetch {
  fetch: FetchLike;
  /**
   * One timed exchange without a Response: resolves once the response ended, or failed after its
   * headers (the body, the times and the error are in `wire`); rejects, with undici's own error
   * (or the signal's reason), only when no response started. Sent and stamped in the transport
   * worker (transport.ts).
   */
  exchange(url: string, init: ExchangeInit, wire: WireTiming): Promise<ExchangeResult>;
  /**
   * Opens up to `count` keep-alive connections to `url`'s origin by sending that many GETs at
   * once (a health or catalog route: no tokens spent), so TCP/TLS set-up is never timed as
   * gateway latency. Failures are ignored: the measured requests will report them.
   */
  preconnect(url: string, count: number): Promise<void>;
  close: () => Promise<void>;
}

/**
 * A request that carries a WireTiming is an exchange (transport.ts: sent and stamped in the
 * transport worker, the body kept in the WireTiming). A 2xx answer gives a body-less Response (the
 * gateway client reads the body from the WireTiming); any other status comes with its body, so
 * the SDK and fetch-capture.ts read it as from any fetch.
 */
async function wireFetch(transport: Transport, url: string, init: RequestInit, wire: WireTiming): Promise<Response> {
  const r = await transport.exchange({ url, method: init.method ?? 'GET', headers: headersOf(init.headers), body: bodyOf(init.body) }, wire, init.signal);
  const ok = r.status >= 200 && r.status < 300;
  if (!ok && wire.error !== null) throw wire.error;
  return new Response(ok || NULL_BODY.has(r.status) ? null : new Uint8Array(wire.body()), { status: r.status, headers: headersFromUndici(r.headers) });
}

export function createFastFetch(opts: { connections?: number } = {}): FastFetch {
  const transport = createTransport({ connections: opts.connections ?? null });
  const doFetch: FetchLike = async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const wire = (init as WireInit)[WIRE];
    if (wire) return wireFetch(transport, url, init, wire);
    const res = await request(url, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: headersOf(init.headers),
      body: bodyOf(init.body),
      signal: init.signal ?? undefined,
      dispatcher: transport.local,
    });
    const body = NULL_BODY.has(res.statusCode) ? null : (Readable.toWeb(res.body) as ReadableStream<Uint8Array>);
    if (body === null) res.body.resume();
    return new Response(body, { status: res.statusCode, headers: headersFromUndici(res.headers) });
  };
  return {
    fetch: doFetch,
    exchange: (url, init, wire) => transport.exchange({ url, method: init.method, headers: init.headers, body: init.body }, wire, init.signal),
    preconnect: (url, count) => transport.preconnect(url, count),
    close: () => transport.close(),
  };
}
