/**
 * Turns a successful answer (a non-stream JSON body or an assembled stream) into the parts of
 * an ok outcome: usage with its source, cost with its source, and findings.
 */
import type { RequestParams } from '../suite/types.ts';
import { canonicalModelId } from './alias.ts';
import { describeBody } from './base-url.ts';
import { priceUsage, type Price } from './cost.ts';
import type { Cost, ToolCall, Usage } from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface ParsedCompletion {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: unknown;
  id: string | null;
  /** The parsed body, for the gateway's own cost fields. */
  body: unknown;
}

/** A non-stream body → its first choice, or a reason it is not a chat completion. */
export function parseCompletionBody(bodyText: string, contentType: string | null = null): ParsedCompletion | { malformed: string } {
  let body: unknown;
  if (bodyText.trim() === '') return { malformed: `2xx body is empty (${describeBody(contentType, bodyText)})` };
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { malformed: `2xx body is not JSON (${describeBody(contentType, bodyText)}): starts ${JSON.stringify(bodyText.replace(/\s+/g, ' ').trim().slice(0, 80))}` };
  }
  if (!isObj(body) || !Array.isArray(body['choices'])) return { malformed: '2xx body has no choices array' };
  const choice = body['choices'].find(isObj);
  if (!choice || !isObj(choice['message'])) return { malformed: '2xx body has no choices[0].message' };
  const message = choice['message'];
  const calls = Array.isArray(message['tool_calls']) ? message['tool_calls'].filter(isObj) : [];
  return {
    text: str(message['content']) ?? '',
    toolCalls: calls.map((c) => {
      const fn = isObj(c['function']) ? c['function'] : {};
      return { name: str(fn['name']) ?? '', arguments: str(fn['arguments']) ?? '' };
    }),
    finishReason: str(choice['finish_reason']),
    usage: body['usage'],
    id: str(body['id']),
    body,
  };
}

/**
 * A 2xx answer to a streamed request that is no event stream: the same words as a non-stream
 * body that is not JSON ("2xx body is not JSON (text/html, 1.2 KB)"), or, for a JSON body, that
 * it is JSON and not a stream. Without the body only its content type is known.
 */
export function notEventStream(contentType: string, bodyText: string | null): string {
  if (bodyText !== null) {
    const parsed = parseCompletionBody(bodyText, contentType);
    if ('malformed' in parsed && parsed.malformed.startsWith('2xx body is ')) return parsed.malformed;
    return `2xx answer to a streamed request is JSON, not an event stream (${describeBody(contentType, bodyText)})`;
  }
  return `2xx answer to a streamed request is not an event stream (${contentType.split(';')[0]?.trim() ?? contentType})`;
}

/**
 * Cost with its source (provenance.ts): the gateway's own first; otherwise usage × price (the
 * gateway's catalog, else `prices:`), marked 'estimated' unless the usage was reported;
 * otherwise unknown — never 0.
 */
export function resolveCost(
  gatewayCost: Cost | null,
  usage: Usage,
  model: string,
  prices: ((canonicalModel: string) => Price | null) | undefined,
): Cost {
  if (gatewayCost && usage.source === 'reported') return gatewayCost;
  // A gateway's bill for usage it did not measure is not a measurement either (AI Stats bills
  // zero when its upstream sent no usage); a positive bill still stands.
  if (gatewayCost && gatewayCost.nanos !== null && gatewayCost.nanos > 0) return gatewayCost;
  const price = prices?.(canonicalModelId(model)) ?? null;
  if (!price) return { source: 'unknown', nanos: null };
  return { source: usage.source === 'reported' ? price.source : 'estimated', nanos: priceUsage(usage, price) };
}

function toolNames(params: RequestParams): string[] {
  return (params.tools ?? []).flatMap((t) => {
    const fn = t['function'];
    const name = isObj(fn) ? str(fn['name']) : str(t['name']);
    return name ? [name] : [];
  });
}

/** Migration-relevant observations that are not errors. */
export function findingsFor(params: RequestParams, answer: { text: string; toolCalls: readonly ToolCall[]; finishReason: string | null }, usage: Pick<Usage, 'source'>): string[] {
  const findings: string[] = [];
  const names = toolNames(params);
  if ((params.tools?.length ?? 0) > 0 && answer.toolCalls.length === 0 && answer.finishReason !== 'tool_calls') {
    // A gateway that silently drops `tools` answers in prose without naming them.
    if (!names.some((n) => answer.text.includes(n))) findings.push('tools-ignored');
  }
  if (usage.source === 'gateway-estimated') findings.push('usage-estimated-by-gateway');
  if (usage.source === 'missing') findings.push('usage-missing');
  return findings;
}
