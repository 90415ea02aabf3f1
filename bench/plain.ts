/**
 * The references the pipeline is compared with, sending exactly the requests the pipeline sends
 * (same suite, same alias mapping, same body fields, same interleaving, same concurrency per
 * gateway) and keeping nothing:
 * - `sdkLoop`: a plain loop of `openai` SDK calls under one p-limit per gateway, on the same
 *   transport as the pipeline (the SDK's fetch replaced by src/gateway/fast-fetch.ts, i.e.
 *   `undici.request` with one keep-alive pool per gateway): what a team would write by hand.
 * - `undiciLoop`: bare `undici.request` calls, body read whole and dropped, no SDK, no parsing:
 *   the transport's own ceiling.
 * - `wireLoop`: the same bare requests sent straight to undici's dispatcher and stamped where
 *   cutover stamps them (src/gateway/wire-dispatch.ts: when the request is written, when the last
 *   byte is parsed), on a thread that does nothing else: the floor the timing-overhead benchmark
 *   holds cutover's timings against.
 */
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { mapModel } from '../src/gateway/alias.ts';
import { createFastFetch } from '../src/gateway/fast-fetch.ts';
import { profile } from '../src/gateway/profiles.ts';
import { dispatchWire, newPool, preconnectPool } from '../src/gateway/wire-dispatch.ts';
import type { ProfileName, Role } from '../src/gateway/types.ts';
import type { PromptCase } from '../src/suite/types.ts';
import { BENCH_KEYS } from './project.ts';

export interface PlainArm {
  role: Role;
  profile: ProfileName;
  baseURL: string;
  apiKey: string;
}

/** The bench project's two gateways (writeProject: LLM Gateway baseline, AI Stats candidate). */
export function benchArms(baselineURL: string, candidateURL: string): PlainArm[] {
  return [
    { role: 'baseline', profile: 'llmgateway', baseURL: baselineURL, apiKey: BENCH_KEYS.baseline },
    { role: 'candidate', profile: 'aistats', baseURL: candidateURL, apiKey: BENCH_KEYS.candidate },
  ];
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
  /** Requests sent per arm first and waited for, not counted (as the pipeline's `warmup`). */
  warmup?: number;
}

/** One measured exchange of the wire-stamped loop: performance.now() at the request's write and at its last byte. */
export interface TimedExchange {
  arm: number;
  startMs: number;
  endMs: number;
  /** The `x-request-id` header, else the first `"id"` in the body (AI Stats names requests there). */
  requestId: string | null;
}

interface Send {
  arm: number;
  stream: boolean;
  body: Record<string, unknown>;
  /** A warm-up: sent and waited for before the measured requests, not counted. */
  warm?: boolean;
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
async function loop<T>(
  o: PlainOptions,
  open: (a: PlainArm) => T,
  send: (client: T, s: Send) => Promise<void>,
  close: (client: T) => Promise<void>,
  prepare?: (client: T, a: PlainArm) => Promise<void>,
): Promise<PlainResult> {
  const arms = o.arms.map((a) => ({ client: open(a), limit: pLimit(o.concurrency) }));
  const warmup = o.warmup ?? 0;
  if (warmup > 0) {
    const sent = o.arms.map(() => 0);
    const warm: Array<Promise<void>> = [];
    for (const s of sends(o)) {
      if ((sent[s.arm] ?? 0) >= warmup) continue;
      sent[s.arm] = (sent[s.arm] ?? 0) + 1;
      const arm = arms[s.arm] as (typeof arms)[number];
      warm.push(arm.limit(() => send(arm.client, { ...s, warm: true })).catch(() => undefined));
      if (sent.every((n) => n >= warmup)) break;
    }
    await Promise.all(warm);
  }
  if (prepare !== undefined) await Promise.all(arms.map((a, i) => prepare(a.client, o.arms[i] as PlainArm)));
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

/** The request id AI Stats gives in the body (LLM Gateway's is the `x-request-id` header). */
const BODY_ID = /"id"\s*:\s*"([^"]+)"/;

/** Bare requests timed at the wire (see the top of this file); `onTimed` gets every measured exchange. */
export function wireLoop(o: PlainOptions, onTimed: (t: TimedExchange) => void): Promise<PlainResult> {
  return loop(
    o,
    (a) => ({ agent: newPool(o.concurrency), url: `${a.baseURL}/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${a.apiKey}` } }),
    (c, s) =>
      new Promise<void>((resolve, reject) => {
        let sentAt = Number.NaN;
        let status = 0;
        let headerId: string | null = null;
        const chunks: Buffer[] = [];
        dispatchWire(c.agent, { url: c.url, method: 'POST', headers: c.headers, body: JSON.stringify(s.body) }, {
          sent: (at) => (sentAt = at),
          head: (code, headers) => {
            status = code;
            const id = headers['x-request-id'];
            headerId = typeof id === 'string' ? id : null;
          },
          data: (chunk) => chunks.push(chunk),
          end: (at) => {
            if (status !== 200) return reject(new Error(`HTTP ${status}`));
            if (s.warm !== true) onTimed({ arm: s.arm, startMs: sentAt, endMs: at, requestId: headerId ?? BODY_ID.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? null });
            resolve();
          },
          error: reject,
        });
      }),
    (c) => c.agent.close(),
    (c, a) => preconnectPool(c.agent, new URL(profile(a.profile).health.path, a.baseURL).toString(), o.concurrency),
  );
}
