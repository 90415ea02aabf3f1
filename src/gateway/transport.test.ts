import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseError } from './errors.ts';
import { createTransport, retireTransportWorker, transportWorkerThread, type Transport } from './transport.ts';
import { WireTiming } from './wire-timing.ts';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-seen': ['a', 'b'] });
      res.end('hello');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

/** A server on a thread of its own that raises a shared flag once its answer is on the wire. */
const FLAGGING_SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData);
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('answered', () => Atomics.store(flag, 0, 1)));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

describe('transport (exchanges sent and stamped in the transport worker)', () => {
  it('stamps an answer when it arrives, however long the main thread is busy', async () => {
    const shared = new SharedArrayBuffer(4);
    const flag = new Int32Array(shared);
    const other = new Worker(FLAGGING_SERVER, { eval: true, workerData: shared });
    const port = await new Promise<number>((r) => other.once('message', r));
    const t = createTransport();
    try {
      const wire = new WireTiming();
      const pending = t.exchange({ url: `http://127.0.0.1:${port}/`, method: 'POST', headers: {}, body: '{}' }, wire);
      // The main thread is busy from before the answer is written until well after it arrived
      // (nothing on this thread can read the socket meanwhile).
      const giveUp = performance.now() + 30_000;
      while (Atomics.load(flag, 0) === 0 && performance.now() < giveUp);
      const busyUntil = performance.now() + 500;
      while (performance.now() < busyUntil);
      const resumed = performance.now();
      const r = await pending;
      expect(r.status).toBe(200);
      expect(await wire.text()).toBe('answered');
      expect(wire.sentAt as number).toBeLessThanOrEqual(wire.endAt as number);
      expect(wire.endAt as number).toBeLessThan(resumed);
    } finally {
      await t.close();
      other.postMessage('close');
    }
  });

  it('gives status, repeated headers and body, and the errors of undici with their name, code and cause', async () => {
    const t = createTransport();
    try {
      const wire = new WireTiming();
      const r = await t.exchange({ url: `${base}/x`, method: 'GET', headers: {}, body: null }, wire);
      expect(r).toMatchObject({ status: 200, headers: { 'content-type': 'text/plain', 'x-seen': ['a', 'b'] } });
      expect(await wire.text()).toBe('hello');
      const closed = createServer();
      await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((res) => closed.close(() => res()));
      const refused = new WireTiming();
      const err: unknown = await t.exchange({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, body: null }, refused).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ECONNREFUSED' });
      expect(refused.error).toBe(err);
      expect(normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: 'aistats', cause: err })).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED' });
    } finally {
      await t.close();
    }
  });

  it('reports an abort with the caller’s own reason', async () => {
    const t = createTransport();
    const hang = createServer(() => undefined);
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    try {
      const wire = new WireTiming();
      const ac = new AbortController();
      const reason = new DOMException('deadline', 'TimeoutError');
      const pending = t.exchange({ url: `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`, method: 'GET', headers: {}, body: null }, wire, ac.signal);
      setTimeout(() => ac.abort(reason), 50);
      await expect(pending).rejects.toBe(reason);
      expect(wire.error).toBe(reason);
    } finally {
      await t.close();
      hang.closeAllConnections();
      await new Promise<void>((r) => hang.close(() => r()));
    }
  });

  it('sends from the main thread when the worker cannot start', async () => {
    const t = createTransport({ startWorker: () => new Worker('throw new Error("no worker here")', { eval: true }) });
    try {
      const wire = new WireTiming();
      const r = await t.exchange({ url: `${base}/x`, method: 'GET', headers: {}, body: null }, wire);
      expect(r.status).toBe(200);
      expect(await wire.text()).toBe('hello');
      expect(wire.endAt).not.toBeNull();
      const again = new WireTiming();
      await t.exchange({ url: `${base}/y`, method: 'GET', headers: {}, body: null }, again);
      expect(await again.text()).toBe('hello');
    } finally {
      await t.close();
    }
  });
});

describe('retireTransportWorker', () => {
  it('stops the shared worker once its calls are answered; the next exchange starts a new one', async () => {
    const send = async (t: Transport) => {
      const wire = new WireTiming();
      const r = await t.exchange({ url: `${base}/`, method: 'GET', headers: {}, body: null }, wire);
      return { status: r.status, text: await wire.text(), stamped: wire.sentAt !== null && wire.endAt !== null };
    };
    const before = createTransport();
    expect(await send(before)).toEqual({ status: 200, text: 'hello', stamped: true });
    const first = transportWorkerThread();
    expect(first).not.toBeNull();
    // A call still in flight when it is asked: it waits for the answer.
    const inFlight = send(before);
    await retireTransportWorker();
    expect(await inFlight).toEqual({ status: 200, text: 'hello', stamped: true });
    expect(transportWorkerThread()).toBeNull();
    // The same transport and a new one both work: each call starts the worker again if needed.
    expect(await send(before)).toEqual({ status: 200, text: 'hello', stamped: true });
    const second = transportWorkerThread();
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    const after = createTransport();
    expect(await send(after)).toEqual({ status: 200, text: 'hello', stamped: true });
    expect(transportWorkerThread()).toBe(second);
    await before.close();
    await after.close();
    await retireTransportWorker();
  });
});
