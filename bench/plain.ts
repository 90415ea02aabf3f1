/**
 * The references the pipeline is compared with, sending exactly the requests the pipeline sends
 * (same suite, same alias mapping, same body fields, same interleaving, same concurrency per
 * gateway) and keeping nothing:
 * - `sdkLoop`: a plain loop of `openai` SDK calls under one p-limit per gateway, on the same
 *   transport as the pipeline (the SDK's fetch replaced by src/gateway/fast-fetch.ts, i.e.
 *   `undici.request` with one keep-alive pool per gateway): what a team would write by hand.
 * - `undiciLoop`: bare `undici.request` calls, body read whole and dropped, no SDK, no parsing:
 *   the transport's own ceiling.
 */
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { mapModel } from '../src/gateway/alias.ts';
import { createFastFetch } from '../src/gateway/fast-fetch.ts';
import type { ProfileName, Role } from '../src/gateway/types.ts';
import type { PromptCase } from '../src/suite/types.ts';

export interface PlainArm {
  role: Role;
  profile: ProfileName;
  baseURL: string;
  apiKey: string;
}

export interface PlainResult {
  requests: number;
  errors: number;
  wallMs: number;
}

export interface PlainOptions {
  cases: readonly PromptCase[];
  repeat: number;
  arms: readonly PlainArm[];
  aliases: Readonly<Record<string, string>>;
  concurrency: number;
}

interface Send {
  arm: number;
  stream: boolean;
  body: Record<string, unknown>;
}

/** Every request in the pipeline's order (scheduler.ts: case, repeat, transport, arm). */
function* sends(o: PlainOptions): Generator<Send> {
  for (const c of o.cases) {
    for (let r = 0; r < o.repeat; r++) {
      for (const stream of c.streamModes) {
        for (const [arm, a] of o.arms.entries()) {
          const body = { ...c.params, model: mapModel(c.model, { aliases: o.aliases, profile: a.profile }), messages: c.messages, stream };
          yield { arm, stream, body: stream ? { ...body, stream_options: { include_usage: true } } : body };
        }
      }
    }
  }
}

/** Runs every send under one p-limit per arm; `send` throws on failure. */
async function loop<T>(o: PlainOptions, open: (a: PlainArm) => T, send: (client: T, s: Send) => Promise<void>, close: (client: T) => Promise<void>): Promise<PlainResult> {
  const arms = o.arms.map((a) => ({ client: open(a), limit: pLimit(o.concurrency) }));
  let requests = 0;
  let errors = 0;
  const t0 = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (const s of sends(o)) {
    const arm = arms[s.arm] as (typeof arms)[number];
    inFlight.push(
      arm.limit(async () => {
        try {
          await send(arm.client, s);
        } catch {
          errors++;
        }
        requests++;
      }),
    );
  }
  await Promise.all(inFlight);
  const wallMs = performance.now() - t0;
  await Promise.all(arms.map((a) => close(a.client)));
  return { requests, errors, wallMs };
}

export function sdkLoop(o: PlainOptions): Promise<PlainResult> {
  return loop(
    o,
    (a) => {
      const transport = createFastFetch();
      const sdk = new OpenAI({ baseURL: a.baseURL, apiKey: a.apiKey, maxRetries: 0, organization: null, project: null, fetch: transport.fetch as typeof fetch });
      return { sdk, transport };
    },
    async ({ sdk }, s) => {
      if (s.stream) {
        const stream = await sdk.chat.completions.create(s.body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming);
        for await (const chunk of stream) void chunk;
      } else {
        await sdk.chat.completions.create(s.body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
      }
    },
    ({ transport }) => transport.close(),
  );
}

export function undiciLoop(o: PlainOptions): Promise<PlainResult> {
  return loop(
    o,
    (a) => ({ agent: new Agent({ keepAliveTimeout: 30_000, pipelining: 1 }), url: `${a.baseURL}/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.apiKey}` } }),
    async (c, s) => {
      const res = await request(c.url, { method: 'POST', headers: c.headers, body: JSON.stringify(s.body), dispatcher: c.agent });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    },
    (c) => c.agent.close(),
  );
}
