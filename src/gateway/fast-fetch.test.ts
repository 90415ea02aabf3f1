import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFastFetch } from './fast-fetch.ts';
import { WIRE, WireTiming } from './wire-timing.ts';

let server: Server;
let base = '';
const ff = createFastFetch();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-request-id': 'r-1' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers['authorization'] ?? null, body }));
      } else if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      } else if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
        setTimeout(() => res.end('data: 2\n\n'), 20);
      } else if (req.url === '/stall') {
        // The headers and a first frame, then nothing.
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
      } else if (req.url === '/hang') {
        // never answers
      } else {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"unauthorised"}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ff.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('fast fetch (undici.request behind the fetch interface)', () => {
  it('sends method, headers and body, and returns status, headers (repeated ones too) and body', async () => {
    const res = await ff.fetch(`${base}/echo`, { method: 'POST', headers: { Authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"x":1}' });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.headers.get('x-request-id')).toBe('r-1');
    expect(res.headers.get('set-cookie')).toMatch(/a=1.*b=2/);
    expect(await res.json()).toEqual({ method: 'POST', auth: 'Bearer k', body: '{"x":1}' });
  });

  it('gives error statuses and bodies as fetch does, and null bodies where fetch must', async () => {
    const res = await ff.fetch(`${base}/nope`, { method: 'POST', body: '{}', headers: new Headers({ 'content-type': 'application/json' }) });
    expect(res.status).toBe(401);
    expect(res.ok).toBe(false);
    expect(await res.text()).toBe('{"error":"unauthorised"}');
    const empty = await ff.fetch(`${base}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('streams the body as it arrives', async () => {
    const res = await ff.fetch(`${base}/stream`);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('data: 1\n\n');
    let rest = '';
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).toBe('data: 2\n\n');
  });

  it('honours an abort signal and reports refused connections with their code', async () => {
    const ac = new AbortController();
    const pending = ff.fetch(`${base}/hang`, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(ff.fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('with a WireTiming: records when the request went out and came back, and keeps the body there', async () => {
    const before = performance.now();
    const wire = new WireTiming();
    const res = await ff.fetch(`${base}/echo`, { method: 'POST', body: '{"x":1}', headers: { Authorization: 'Bearer k' }, [WIRE]: wire } as RequestInit);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('r-1');
    expect(res.body).toBeNull();
    expect(JSON.parse(await wire.text())).toEqual({ method: 'POST', auth: 'Bearer k', body: '{"x":1}' });
    const after = performance.now();
    expect(before).toBeLessThanOrEqual(wire.sentAt as number);
    expect(wire.sentAt as number).toBeLessThanOrEqual(wire.endAt as number);
    expect(wire.endAt as number).toBeLessThanOrEqual(after);
  });

  it('with a WireTiming: an error status comes with its body in the Response, as fetch gives it', async () => {
    const wire = new WireTiming();
    const res = await ff.fetch(`${base}/nope`, { method: 'POST', body: '{}', [WIRE]: wire } as RequestInit);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('{"error":"unauthorised"}');
  });

  it('with a WireTiming: event-stream frames carry the arrival of their bytes', async () => {
    const wire = new WireTiming();
    await ff.fetch(`${base}/stream`, { [WIRE]: wire } as RequestInit);
    const seen: Array<[string, number]> = [];
    for await (const f of wire.frames()) seen.push([f.data, wire.readAt as number]);
    // Two writes 20 ms apart: the second frame arrived later, and the last byte ends the exchange.
    expect(seen.map(([d]) => d)).toEqual(['1', '2']);
    expect(seen[0]?.[1] as number).toBeLessThan(seen[1]?.[1] as number);
    expect(seen[1]?.[1] as number).toBeLessThanOrEqual(wire.endAt as number);
  });

  it('with a WireTiming: an abort ends the exchange with its reason', async () => {
    const wire = new WireTiming();
    const ac = new AbortController();
    const pending = ff.fetch(`${base}/hang`, { signal: ac.signal, [WIRE]: wire } as RequestInit);
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
    await wire.done;
    expect(wire.error).toBeInstanceOf(Error);
  });

  it('with a WireTiming: an abort before undici starts the request (queued for a socket) ends it at once', async () => {
    const one = createFastFetch({ connections: 1 });
    try {
      const first = new AbortController();
      const holding = one.fetch(`${base}/hang`, { signal: first.signal, [WIRE]: new WireTiming() } as RequestInit);
      const wire = new WireTiming();
      const ac = new AbortController();
      const queued = one.fetch(`${base}/echo`, { method: 'POST', body: '{}', signal: ac.signal, [WIRE]: wire } as RequestInit);
      setTimeout(() => ac.abort(new Error('stop waiting')), 20);
      await expect(queued).rejects.toThrow('stop waiting');
      expect(wire.sentAt).toBeNull();
      first.abort(new Error('done'));
      await expect(holding).rejects.toThrow('done');
    } finally {
      await one.close();
    }
  });

  it('exchange: resolves after the last byte with status and raw headers; the body and times are in the WireTiming', async () => {
    const wire = new WireTiming();
    const res = await ff.exchange(`${base}/echo`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"x":1}' }, wire);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('r-1');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    // Resolved only once the response ended: the body is whole already.
    expect(wire.endAt).not.toBeNull();
    expect(JSON.parse(wire.body().toString('utf8'))).toEqual({ method: 'POST', auth: 'Bearer k', body: '{"x":1}' });
    expect(wire.sentAt as number).toBeLessThanOrEqual(wire.endAt as number);
  });

  it('exchange: an error status resolves too, with its body in the WireTiming; a stream ends with all frames timed', async () => {
    const wire = new WireTiming();
    const res = await ff.exchange(`${base}/nope`, { method: 'POST', headers: {}, body: '{}' }, wire);
    expect(res.status).toBe(401);
    expect(wire.body().toString('utf8')).toBe('{"error":"unauthorised"}');
    const sw = new WireTiming();
    expect((await ff.exchange(`${base}/stream`, { method: 'GET', headers: {}, body: null }, sw)).status).toBe(200);
    const frames: string[] = [];
    for await (const f of sw.frames()) frames.push(f.data);
    expect(frames).toEqual(['1', '2']);
  });

  it('exchange: rejects when no response started (refused, aborted before the headers) with the error undici gives', async () => {
    const ac = new AbortController();
    const wire = new WireTiming();
    const pending = ff.exchange(`${base}/hang`, { method: 'GET', headers: {}, body: null, signal: ac.signal }, wire);
    setTimeout(() => ac.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
    expect(wire.error).toBeInstanceOf(Error);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(ff.exchange(`http://127.0.0.1:${port}/`, { method: 'GET', headers: {}, body: null }, new WireTiming())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('exchange: an abort after the headers resolves with the status and what arrived; the WireTiming holds the reason', async () => {
    const ac = new AbortController();
    const wire = new WireTiming();
    const pending = ff.exchange(`${base}/stall`, { method: 'GET', headers: {}, body: null, signal: ac.signal }, wire);
    // The answer's start is read in the transport worker; the abort comes well after it.
    setTimeout(() => ac.abort(new Error('cut')), 300);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(wire.error).toMatchObject({ message: 'cut' });
    expect(wire.body().toString('utf8')).toBe('data: 1\n\n');
    expect(wire.endAt).toBeNull();
  });
});
