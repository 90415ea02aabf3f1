/** The canary client's plain data: what one routed call records, and the client shape it wraps. */
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { CutoverError, EXIT } from '../errors.ts';

export type Arm = 'baseline' | 'candidate';

/**
 * The part of an `openai` client the canary uses. An `OpenAI` instance fits as is; so does
 * any object with the same method (a test fake, another SDK's adapter).
 */
export interface ChatClient {
  chat: {
    completions: {
      create(body: ChatCompletionCreateParamsNonStreaming, options?: unknown): PromiseLike<ChatCompletion>;
    };
  };
}

/** How one call ended, as data. `status` is null when no HTTP response arrived. */
export type CallOutcome =
  | { kind: 'ok' }
  | { kind: 'error'; status: number | null; errorClass: string };

/**
 * One routed call, handed to `onMetric` and to a recorder. The routing key is never recorded:
 * it is usually a user id, and the metrics file is meant to be shared.
 */
export interface CanaryMetric {
  arm: Arm;
  /** The model id as sent (after the alias mapping on the candidate arm). */
  model: string;
  /** What the call did: `chat` for `canary.chat`, whatever `canary.call` was told otherwise (`embeddings` …). */
  operation: string;
  /** Wall time of the call, from just before it was sent until it resolved or threw. */
  latencyMs: number;
  outcome: CallOutcome;
  /** Token usage when the response reported it. */
  usage: { promptTokens: number; completionTokens: number } | null;
  /** Exact cost in nanos (1e-9 USD) when the gateway reported it (AI Stats); null = unknown, never 0. */
  costNanos: number | null;
  /** Epoch ms when the call started. */
  startedAt: number;
}

/** A canary misconfigured by the application (percent out of range, missing client). */
export class CanaryError extends CutoverError {
  constructor(message: string, options?: ErrorOptions) {
    super('canary', message, EXIT.usage, options);
  }
}
