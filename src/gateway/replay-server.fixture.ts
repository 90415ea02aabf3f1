/**
 * A tiny loopback HTTP server for tests: each request to it is answered by the next scripted
 * reply (the last one repeats), and every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapturedError } from './captures.fixture.ts';

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export type Reply =
  | { type: 'json'; status: number; body: string; headers?: Record<string, string>; contentType?: string }
  | { type: 'sse'; frames: string[]; headers?: Record<string, string>; gapMs?: number; hangAfter?: boolean }
  | { type: 'hang' };

export const errorReply = (c: CapturedError): Reply => ({
  type: 'json',
  status: c.status,
  body: c.body,
  headers: c.headers,
  contentType: c.contentType ?? 'application/json',
});

export interface ReplayServer {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answer(reply: Reply, res: ServerResponse): Promise<void> {
  switch (reply.type) {
    case 'hang':
      return; // never answers; the client's deadline must end it
    case 'json':
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json', ...reply.headers });
      res.end(reply.body);
      return;
    case 'sse':
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
      res.flushHeaders();
      for (const f of reply.frames) {
        if (res.destroyed) return;
        res.write(f);
        if (reply.gapMs) await wait(reply.gapMs);
      }
      if (!reply.hangAfter) res.end();
      return;
  }
}

export async function startReplayServer(replies: Reply[]): Promise<ReplayServer> {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = {};
      }
      requests.push({ headers: req.headers, body });
      const reply = replies[Math.min(next++, replies.length - 1)];
      if (reply) void answer(reply, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
