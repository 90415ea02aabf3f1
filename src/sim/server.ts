/** One simulated gateway as a loopback HTTP server (keep-alive, no Nagle delay). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { SimSpec } from '../config/schema.ts';
import type { Secret } from '../config/secret.ts';
import type { ProfileName } from '../gateway/types.ts';
import { handleAiStats } from './aistats.ts';
import type { RequestContext } from './http.ts';
import { handleLlmGateway } from './llmgateway.ts';
import { handleOpenAI } from './openai.ts';
import { createState, type SimState } from './state.ts';

export interface SimServerSpec {
  profile: ProfileName;
  /** The one key this gateway accepts (a Secret is revealed only inside the simulator). */
  apiKey: string | Secret;
  sim: SimSpec;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (the OS picks). */
  port?: number;
}

export interface SimServer {
  /** Base URL ending in /v1. */
  url: string;
  close(): Promise<void>;
}

type Handler = (ctx: RequestContext, state: SimState) => Promise<void>;

const HANDLERS: Readonly<Record<ProfileName, Handler>> = {
  llmgateway: handleLlmGateway,
  aistats: handleAiStats,
  'openai-compatible': handleOpenAI,
};

export function keyOf(apiKey: string | Secret): string {
  return typeof apiKey === 'string' ? apiKey : apiKey.reveal();
}

export async function createSimServer(spec: SimServerSpec): Promise<SimServer> {
  const state = createState(spec.profile, keyOf(spec.apiKey), spec.sim);
  const handler = HANDLERS[spec.profile];
  const sockets = new Set<Socket>();
  let received = 0;
  const server = createServer({ keepAlive: true, noDelay: true }, (req: IncomingMessage, res: ServerResponse) => {
    const arrivedAt = performance.now();
    const aborter = new AbortController();
    // 'close' on the response fires when it finished or when the client went away first.
    res.on('close', () => aborter.abort());
    const ctx: RequestContext = { req, res, method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://sim.local'), arrivedAt, signal: aborter.signal };
    if (ctx.method === 'GET' && ctx.url.pathname === '/__sim/injected') {
      // Test hook: the latency injected per request id (see SimState.injected).
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Object.fromEntries(state.injected)));
      return;
    }
    if (ctx.method === 'GET' && ctx.url.pathname === '/__sim/requests') {
      // Test hook: how many requests this gateway received (test hooks not counted), so a test can
      // show that a run which fails its preflight sent nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ requests: received }));
      return;
    }
    received++;
    handler(ctx, state).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${err instanceof Error ? err.message : String(err)}`);
      } else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = spec.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests and idle keep-alive sockets must not hold the server open.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
