/** Small HTTP helpers shared by the simulated profiles: bodies, JSON, SSE, abortable waits. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export type Headers = Record<string, string>;

/** Everything a profile handler needs about one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** performance.now() when the request arrived: latency is measured from here. */
  arrivedAt: number;
  /** Aborted when the client goes away; every wait listens to it so nothing outlives the socket. */
  signal: AbortSignal;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

export function parseJson(body: Buffer): Parsed {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Writes the whole body in one call so a client's E2E timing ends with the latency model's. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}, pretty = false): void {
  sendRaw(res, status, JSON.stringify(body, null, pretty ? 2 : undefined), { 'content-type': 'application/json', ...headers });
}

export function sendRaw(res: ServerResponse, status: number, text: string, headers: Headers): void {
  if (res.headersSent || res.destroyed) return;
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
  res.end(buf);
}

export function sendNotFound(res: ServerResponse, headers: Headers = {}): void {
  sendRaw(res, 404, '404 Not Found', { 'content-type': 'text/plain; charset=UTF-8', ...headers });
}

export function startSse(res: ServerResponse, headers: Headers): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  // Send the headers now: a stream's first byte must not wait for the first chunk.
  res.flushHeaders();
}

export function writeFrames(res: ServerResponse, frames: readonly string[]): void {
  if (frames.length === 0 || res.destroyed) return;
  res.write(frames.join(''));
}

/** `data: <json>\n\n` */
export function dataFrame(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/**
 * Resolves true at `arrivedAt + delayMs` (performance clock), false as soon as the client goes
 * away; the timer is cleared either way so aborted requests leave nothing pending.
 */
export function waitUntil(ctx: RequestContext, atMs: number): Promise<boolean> {
  if (ctx.signal.aborted) return Promise.resolve(false);
  const delay = atMs - performance.now();
  if (delay <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delay);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never answers; resolves only when the client gives up (no timer, nothing to leak). */
export function waitForClose(ctx: RequestContext): Promise<void> {
  if (ctx.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Client-sent header value, first one if repeated. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The bearer token, only for the exact case-sensitive `Bearer ` prefix both gateways require. */
export function bearer(req: IncomingMessage): { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string } {
  const auth = header(req, 'authorization');
  if (auth === undefined) return { kind: 'missing' };
  if (!auth.startsWith('Bearer ') || auth.length <= 'Bearer '.length) return { kind: 'malformed' };
  return { kind: 'token', token: auth.slice('Bearer '.length) };
}
