/**
 * The reference the pipeline is compared with: a plain loop of `openai` SDK calls under one
 * p-limit per gateway, sending exactly the requests the pipeline sends (same suite, same alias
 * mapping, same body fields, same interleaving, same concurrency), and keeping nothing.
 */
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { mapModel } from '../src/gateway/alias.ts';
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

export async function plainLoop(opts: {
  cases: readonly PromptCase[];
  repeat: number;
  arms: readonly PlainArm[];
  aliases: Readonly<Record<string, string>>;
  concurrency: number;
}): Promise<PlainResult> {
  const arms = opts.arms.map((a) => ({
    ...a,
    sdk: new OpenAI({ baseURL: a.baseURL, apiKey: a.apiKey, maxRetries: 0, organization: null, project: null }),
    limit: pLimit(opts.concurrency),
  }));
  let requests = 0;
  let errors = 0;
  const t0 = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (const c of opts.cases) {
    for (let r = 0; r < opts.repeat; r++) {
      for (const stream of c.streamModes) {
        for (const arm of arms) {
          const body = {
            ...c.params,
            model: mapModel(c.model, { aliases: opts.aliases, profile: arm.profile }),
            messages: c.messages,
          } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
          inFlight.push(
            arm.limit(async () => {
              try {
                if (stream) {
                  const s = await arm.sdk.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
                  for await (const chunk of s) void chunk;
                } else {
                  await arm.sdk.chat.completions.create({ ...body, stream: false });
                }
              } catch {
                errors++;
              }
              requests++;
            }),
          );
        }
      }
    }
  }
  await Promise.all(inFlight);
  return { requests, errors, wallMs: performance.now() - t0 };
}
