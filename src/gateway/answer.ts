/**
 * Turns a successful answer (a non-stream JSON body or an assembled stream) into the parts of
 * an ok outcome: usage with its source, cost with its source, and findings.
 */
import type { RequestParams } from '../suite/types.ts';
import { canonicalModelId } from './alias.ts';
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
}

/** A non-stream body → its first choice, or a reason it is not a chat completion. */
export function parseCompletionBody(bodyText: string): ParsedCompletion | { malformed: string } {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { malformed: `2xx body is not JSON: ${bodyText.replace(/\s+/g, ' ').slice(0, 120)}` };
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
  };
}

/**
 * Gateway-reported cost first; otherwise usage × price (configured or catalog), marked
 * 'estimated' when the usage itself was estimated; otherwise unknown — never 0.
 */
export function resolveCost(
  gatewayCost: Cost | null,
  usage: Usage,
  model: string,
  prices: ((canonicalModel: string) => Price | null) | undefined,
): Cost {
  if (gatewayCost) return gatewayCost;
  const price = prices?.(canonicalModelId(model)) ?? null;
  if (!price) return { source: 'unknown', nanos: null };
  return { source: usage.source === 'estimated' ? 'estimated' : price.source, nanos: priceUsage(usage, price) };
}

function toolNames(params: RequestParams): string[] {
  return (params.tools ?? []).flatMap((t) => {
    const fn = t['function'];
    const name = isObj(fn) ? str(fn['name']) : str(t['name']);
    return name ? [name] : [];
  });
}

/** Migration-relevant observations that are not errors. */
export function findingsFor(
  params: RequestParams,
  answer: { text: string; toolCalls: readonly ToolCall[]; finishReason: string | null },
  extra: { usageEstimatedByGateway?: boolean; usageEstimatedByUs?: boolean },
): string[] {
  const findings: string[] = [];
  const names = toolNames(params);
  if ((params.tools?.length ?? 0) > 0 && answer.toolCalls.length === 0 && answer.finishReason !== 'tool_calls') {
    // A gateway that silently drops `tools` answers in prose without naming them.
    if (!names.some((n) => answer.text.includes(n))) findings.push('tools-ignored');
  }
  if (extra.usageEstimatedByGateway) findings.push('usage-estimated-by-gateway');
  if (extra.usageEstimatedByUs) findings.push('usage-missing');
  return findings;
}
