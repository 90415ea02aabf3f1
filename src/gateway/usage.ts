/**
 * Token usage with its provenance (provenance.ts): read from the gateway when it reports real
 * counts, otherwise counted with the o200k_base tokenizer (GPT-4o family) and marked. The
 * encoding-specific module is imported so only that one table loads.
 */
import { createRequire } from 'node:module';
import type { ChatMessage } from '../suite/types.ts';
import type { ToolCall, Usage } from './types.ts';

const requireCjs = createRequire(import.meta.url);

/**
 * The tokenizer is loaded on first use (the CommonJS build, so it can be loaded synchronously;
 * require caches it): its tables cost about 70 MB of memory and 100 ms of start-up, which runs
 * whose gateways report usage never need.
 */
function countTokens(text: string): number {
  const tokenizer = requireCjs('gpt-tokenizer/encoding/o200k_base') as { countTokens: (text: string) => number };
  return tokenizer.countTokens(text);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null);

/** An OpenAI-style `usage` object → Usage; null when it lacks prompt/completion counts. */
export function normaliseUsage(raw: unknown): Usage | null {
  if (!isObj(raw)) return null;
  const prompt = count(raw['prompt_tokens']);
  const completion = count(raw['completion_tokens']);
  if (prompt === null || completion === null) return null;
  const details = raw['prompt_tokens_details'];
  const cached = isObj(details) ? (count(details['cached_tokens']) ?? 0) : 0;
  return { promptTokens: prompt, completionTokens: completion, cachedTokens: Math.min(cached, prompt), source: 'reported' };
}

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (typeof part['text'] === 'string' ? part['text'] : '')).join('');
}

/**
 * Chat framing overhead per OpenAI's published counting recipe: 3 tokens per message plus 3
 * to prime the reply. Image parts are not counted (an estimate, marked as such).
 */
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let n = REPLY_PRIMING;
  for (const m of messages) {
    n += PER_MESSAGE + countTokens(m.role) + countTokens(contentText(m.content));
    if (m.name !== undefined) n += 1 + countTokens(m.name);
  }
  return n;
}

export function estimateCompletionTokens(text: string, toolCalls: readonly ToolCall[] = []): number {
  let n = text === '' ? 0 : countTokens(text);
  for (const t of toolCalls) n += countTokens(t.name) + countTokens(t.arguments);
  return n;
}

export interface UsageContext {
  messages: readonly ChatMessage[];
  text: string;
  toolCalls?: readonly ToolCall[];
  /** The only usage came from LLM Gateway's own chunk, which it estimates (stream.ts). */
  gatewayMade?: boolean;
  /** The gateway promises usage on every answer (profile): its absence is `missing`, not `estimated`. */
  reportsUsage: boolean;
}

function estimate(ctx: UsageContext, source: 'estimated' | 'missing'): Usage {
  return {
    promptTokens: estimatePromptTokens(ctx.messages),
    completionTokens: estimateCompletionTokens(ctx.text, ctx.toolCalls),
    cachedTokens: 0,
    source,
  };
}

/**
 * The usage of one answer with its source (provenance.ts): the gateway's counts when they are
 * real, its own estimate marked `gateway-estimated`, otherwise cutover's tokenizer count marked
 * `missing` (the gateway should have reported: no usage, or zero completion tokens for a
 * non-empty answer) or `estimated` (a gateway that does not claim to report usage).
 */
export function readUsage(raw: unknown, ctx: UsageContext): Usage {
  const reported = normaliseUsage(raw);
  if (reported === null) return estimate(ctx, ctx.reportsUsage ? 'missing' : 'estimated');
  const answered = ctx.text !== '' || (ctx.toolCalls?.length ?? 0) > 0;
  // AI Stats answers usage {0,0,0} for a non-empty answer when its upstream sent none.
  if (reported.completionTokens === 0 && answered) return estimate(ctx, 'missing');
  return ctx.gatewayMade ? { ...reported, source: 'gateway-estimated' } : reported;
}
