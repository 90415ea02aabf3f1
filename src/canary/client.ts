/**
 * The canary client: wraps the application's two gateway clients, sends a stable-hash share of
 * keys to the candidate (with the alias mapping applied to the model id), and records latency,
 * outcome, usage and cost of every call per arm.
 */
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { mapModel } from '../gateway/alias.ts';
import { costFromAistatsBody } from '../gateway/cost.ts';
import type { ProfileName } from '../gateway/types.ts';
import { armFor, candidateBuckets } from './hash.ts';
import { CanaryError, type Arm, type CallOutcome, type CanaryMetric, type ChatClient } from './types.ts';

export interface CanaryOptions {
  baseline: ChatClient;
  candidate: ChatClient;
  /** Share of keys sent to the candidate, 0–100 with 0.01 resolution. */
  percent: number;
  /** Application model id → candidate model id (eval.config.yaml `aliases`); unknown ids get their org inferred. */
  aliases?: Readonly<Record<string, string>>;
  /** Conventions of the candidate gateway for model ids (default `aistats`). */
  candidateProfile?: ProfileName;
  /** Called once per call, after it settles. A recorder's `record`, or `meterSink(meter)`. */
  onMetric?: (metric: CanaryMetric) => void;
  /** A throwing metric sink must not fail the application's request; its error comes here instead. */
  onMetricError?: (error: unknown) => void;
  /** Monotonic clock in ms for latency (default performance.now). */
  monotonicMs?: () => number;
  /** Wall clock in epoch ms for `startedAt` (default Date.now). */
  epochMs?: () => number;
}

export interface Canary {
  readonly percent: number;
  /** The arm a key goes to; the same key always gets the same answer at the same percent. */
  arm(key: string): Arm;
  /** A non-streaming chat completion, routed by `key`. Rethrows the gateway's error after recording it. */
  chat(key: string, params: ChatCompletionCreateParamsNonStreaming, requestOptions?: unknown): Promise<ChatCompletion>;
  /**
   * Any other call (streaming, embeddings …) routed and timed the same way: `fn` gets the arm's
   * client and the model id already mapped for that arm. Usage and cost are read from the result
   * when it looks like a completion. `operation` names what the call does in the metrics
   * (default `chat`; e.g. `embeddings`).
   */
  call<T>(key: string, model: string, fn: (client: ChatClient, model: string, arm: Arm) => Promise<T>, options?: { operation?: string }): Promise<T>;
  /** The same canary at another percentage (same clients and sinks). */
  withPercent(percent: number): Canary;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

function usageOf(result: unknown): CanaryMetric['usage'] {
  if (!isObj(result) || !isObj(result['usage'])) return null;
  const prompt = count(result['usage']['prompt_tokens']);
  const completion = count(result['usage']['completion_tokens']);
  return prompt === null || completion === null ? null : { promptTokens: prompt, completionTokens: completion };
}

/** The SDK's errors carry `status`; anything without one never got an HTTP response. */
function outcomeOf(error: unknown): CallOutcome {
  const status = isObj(error) && typeof error['status'] === 'number' ? error['status'] : null;
  const errorClass = error instanceof Error ? error.constructor.name : typeof error;
  return { kind: 'error', status, errorClass };
}

export function createCanary(o: CanaryOptions): Canary {
  if (!o.baseline || !o.candidate) throw new CanaryError('createCanary needs both a baseline and a candidate client');
  candidateBuckets(o.percent); // validates the range now, not on the first request
  const monotonicMs = o.monotonicMs ?? (() => performance.now());
  const epochMs = o.epochMs ?? (() => Date.now());
  const profile = o.candidateProfile ?? 'aistats';

  const emit = (metric: CanaryMetric): void => {
    if (!o.onMetric) return;
    try {
      o.onMetric(metric);
    } catch (e) {
      o.onMetricError?.(e);
    }
  };

  const modelFor = (arm: Arm, model: string): string =>
    arm === 'candidate' ? mapModel(model, { profile, ...(o.aliases ? { aliases: o.aliases } : {}) }) : model;

  const canary: Canary = {
    percent: o.percent,
    arm: (key) => armFor(key, o.percent),
    async call(key, model, fn, options) {
      const arm = armFor(key, o.percent);
      const operation = options?.operation ?? 'chat';
      const sent = modelFor(arm, model);
      const client = arm === 'candidate' ? o.candidate : o.baseline;
      const startedAt = epochMs();
      const t0 = monotonicMs();
      try {
        const result = await fn(client, sent, arm);
        const cost = costFromAistatsBody(result);
        emit({ arm, model: sent, operation, latencyMs: monotonicMs() - t0, outcome: { kind: 'ok' }, usage: usageOf(result), costNanos: cost?.nanos ?? null, startedAt });
        return result;
      } catch (e) {
        emit({ arm, model: sent, operation, latencyMs: monotonicMs() - t0, outcome: outcomeOf(e), usage: null, costNanos: null, startedAt });
        throw e;
      }
    },
    chat(key, params, requestOptions) {
      return canary.call(key, params.model, async (client, model) => client.chat.completions.create({ ...params, model }, requestOptions));
    },
    withPercent: (percent) => createCanary({ ...o, percent }),
  };
  return canary;
}
