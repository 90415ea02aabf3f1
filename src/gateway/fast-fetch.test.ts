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

  it('records on the wire when the request went out and when the response came back, with the request', async () => {
    const before = performance.now();
    const wire = new WireTiming();
    const res = await ff.fetch(`${base}/echo`, { method: 'POST', body: '{}', [WIRE]: wire } as RequestInit);
    await res.text();
    const after = performance.now();
    expect(wire.sentAt).not.toBeNull();
    expect(wire.endAt).not.toBeNull();
    expect(before).toBeLessThanOrEqual(wire.sentAt as number);
    expect(wire.sentAt as number).toBeLessThanOrEqual(wire.endAt as number);
    expect(wire.endAt as number).toBeLessThanOrEqual(after);
    // JSON bodies are not tracked per byte: only event streams are read frame by frame.
    expect(wire.readAt).toBeNull();
  });

  it('tells the reader of an event stream when the bytes it has consumed arrived', async () => {
    const wire = new WireTiming();
    const res = await ff.fetch(`${base}/stream`, { [WIRE]: wire } as RequestInit);
    const reader = res.body?.getReader();
    const seen: number[] = [];
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      seen.push(wire.readAt as number);
      // Each chunk is handed on after it arrived, never before.
      expect(wire.readAt as number).toBeLessThanOrEqual(performance.now());
    }
    // Two writes 20 ms apart: the second chunk's arrival is the later one, and the last byte ends it.
    expect(seen).toHaveLength(2);
    expect(seen[0] as number).toBeLessThan(seen[1] as number);
    expect(seen[1] as number).toBeLessThanOrEqual(wire.endAt as number);
  });
});
