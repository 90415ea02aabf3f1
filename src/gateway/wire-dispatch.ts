/**
 * One HTTP exchange sent straight to undici's dispatcher, with what the dispatcher saw reported as
 * it parses the bytes: when the request is written, the status and headers, each piece of the body
 * and when it was read, and the end or the failure. Times are performance.now() of the thread that
 * reads the socket. The transport worker (transport-worker.ts) runs every timed exchange through
 * this; the main thread does too when no worker could be started (transport.ts).
 */
import { Agent, request, type Dispatcher } from 'undici';

export type RawHeaders = Record<string, string | string[] | undefined>;

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

export interface WireSink {
  /** undici began writing the request to its (already open) socket. */
  sent(at: number): void;
  head(status: number, headers: RawHeaders): void;
  data(chunk: Buffer, at: number): void;
  end(at: number): void;
  /** The exchange failed: before any response (no `head` came), or after its headers. */
  error(err: unknown): void;
}

/** Sends `req`; the returned function aborts it (a no-op once it ended or failed). */
export function dispatchWire(dispatcher: Dispatcher, req: WireRequest, sink: WireSink): (reason: Error) => void {
  const u = new URL(req.url);
  let controller: Dispatcher.DispatchController | null = null;
  /** An abort that came before undici started the request (connecting, or queued for a socket). */
  let early: Error | null = null;
  let over = false;
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      if (early !== null) {
        c.abort(early);
        return;
      }
      sink.sent(performance.now());
    },
    onResponseStart(_c, statusCode, headers) {
      sink.head(statusCode, headers as RawHeaders);
    },
    onResponseData(_c, chunk) {
      sink.data(chunk, performance.now());
    },
    onResponseEnd() {
      const at = performance.now();
      if (over) return;
      over = true;
      sink.end(at);
    },
    onResponseError(_c, err) {
      if (over) return;
      over = true;
      sink.error(err);
    },
  };
  dispatcher.dispatch({ origin: u.origin, path: `${u.pathname}${u.search}`, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body }, handler);
  return (reason) => {
    if (over) return;
    if (controller !== null) {
      controller.abort(reason);
      return;
    }
    // undici has no handle on the request yet: end it for the caller now, stop it when it starts.
    early = reason;
    over = true;
    sink.error(reason);
  };
}

/** One gateway's keep-alive pool. */
export function newPool(connections: number | null): Agent {
  return new Agent({ keepAliveTimeout: 30_000, connections, pipelining: 1 });
}

/** Opens up to `count` keep-alive connections by sending that many GETs to `url` at once; failures are ignored. */
export async function preconnectPool(agent: Dispatcher, url: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () =>
      request(url, { method: 'GET', dispatcher: agent, headersTimeout: 10_000, bodyTimeout: 10_000 }).then(
        (r) => r.body.dump(),
        () => undefined,
      ),
    ),
  );
}
