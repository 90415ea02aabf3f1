/** Helpers for the simulator's own tests: start a server, post chat requests, read SSE frames. */
import { SimSchema, type SimSpec } from '../config/schema.ts';
import type { ProfileName } from '../gateway/types.ts';
import { createSimServer, type SimServer } from './server.ts';

export const KEY = 'sim-test-key';

export type SimInput = Parameters<typeof SimSchema.parse>[0];

/** A quick simulator: no latency unless asked. */
export function simSpec(overrides: Partial<Record<keyof SimSpec, unknown>> = {}): SimSpec {
  return SimSchema.parse({ latency: { baseMs: 0, perTokenMs: 0, jitter: 0 }, ...overrides });
}

export function startSim(profile: ProfileName, overrides: Partial<Record<keyof SimSpec, unknown>> = {}): Promise<SimServer> {
  return createSimServer({ profile, apiKey: KEY, sim: simSpec(overrides) });
}

export interface Posted {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function postChat(url: string, body: unknown, init: { key?: string | null; headers?: Record<string, string>; raw?: string } = {}): Promise<Posted> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const key = init.key === undefined ? KEY : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface SseFrame {
  event: string | null;
  data: string;
  id: string | null;
}

export function parseSse(text: string): SseFrame[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const frame: SseFrame = { event: null, data: '', id: null };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) frame.data = line.slice(6);
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
      }
      return frame;
    });
}

/** JSON payloads of the frames (skipping `[DONE]`). */
export function payloads(frames: readonly SseFrame[]): Record<string, unknown>[] {
  return frames.filter((f) => f.data !== '[DONE]').map((f) => JSON.parse(f.data) as Record<string, unknown>);
}

export const HELLO = [{ role: 'user', content: 'Write two sentences about the weather in a small mountain town.' }];
