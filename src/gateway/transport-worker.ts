/**
 * The transport worker thread (transport.ts): sends the timed exchanges with undici and stamps
 * them on an event loop that does nothing else, so whatever the main thread is doing when the bytes
 * arrive (processing another answer, scoring a case, collecting garbage) cannot make a stamp late.
 * Each exchange goes back to the main thread once it ended or failed: status, headers, the body,
 * the arrival time of each piece, all times converted to the main thread's performance.now().
 */
import { parentPort } from 'node:worker_threads';
import type { Agent } from 'undici';
import { errorToWire, monotonicOriginMs, type Exchanged, type PoolRef, type ToMain, type ToWorker } from './transport-protocol.ts';
import { dispatchWire, newPool, preconnectPool, type RawHeaders } from './wire-dispatch.ts';

const port = parentPort;
if (port === null) throw new Error('transport-worker.ts runs as a worker thread');

/** Added to this thread's performance.now() to give the main thread's. */
let shift = 0;
const pools = new Map<number, Agent>();
const aborts = new Map<number, (reason: Error) => void>();

function poolOf(ref: PoolRef): Agent {
  let agent = pools.get(ref.pool);
  if (agent === undefined) {
    agent = newPool(ref.connections);
    pools.set(ref.pool, agent);
  }
  return agent;
}

const post = (m: ToMain, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer ?? []);

function send(m: Extract<ToWorker, { t: 'send' }>): void {
  const chunks: Buffer[] = [];
  const times: number[] = [];
  let status = 0;
  let headers: RawHeaders = {};
  let sentAt: number | null = null;
  let finished = false;
  const finish = (endAt: number | null, error: unknown) => {
    finished = true;
    aborts.delete(m.id);
    let size = 0;
    for (const c of chunks) size += c.length;
    // A fresh buffer of its own, so it can be handed over without a copy (the chunks are views of undici's).
    const body = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      body.set(c, at);
      at += c.length;
    }
    const reply: Exchanged = {
      t: 'exchanged',
      id: m.id,
      status,
      headers,
      sentAt: sentAt === null ? null : sentAt + shift,
      endAt: endAt === null ? null : endAt + shift,
      body,
      sizes: chunks.map((c) => c.length),
      times: times.map((t) => t + shift),
      error: error === null ? null : errorToWire(error),
    };
    post(reply, [body.buffer]);
  };
  const abort = dispatchWire(poolOf(m), m.req, {
    sent: (at) => (sentAt = at),
    head: (s, h) => {
      status = s;
      headers = h;
    },
    data: (chunk, at) => {
      chunks.push(chunk);
      times.push(at);
    },
    end: (at) => finish(at, null),
    error: (err) => finish(null, err),
  });
  // (A request undici refuses at once has already finished.)
  if (!finished) aborts.set(m.id, abort);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'init':
      shift = monotonicOriginMs() - m.originMs;
      post({ t: 'ready' });
      return;
    case 'send':
      send(m);
      return;
    case 'abort':
      // The main thread knows why; the error it reports is its own reason, not this one.
      aborts.get(m.id)?.(new DOMException('This operation was aborted', 'AbortError'));
      return;
    case 'preconnect':
      void preconnectPool(poolOf(m), m.url, m.count).then(() => post({ t: 'done', id: m.id }));
      return;
    case 'close': {
      const agent = pools.get(m.pool);
      pools.delete(m.pool);
      void (agent ? agent.close() : Promise.resolve()).then(() => post({ t: 'done', id: m.id }));
      return;
    }
  }
});
