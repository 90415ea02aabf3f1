/**
 * The one definition of where token and cost numbers come from. Every report prints these
 * words with the numbers; nothing else defines them. Numbers of different kinds are shown side
 * by side but never gated against each other (see comparableUsage / comparableCost).
 */
import type { CostSource, UsageSource } from './types.ts';

export const USAGE_SOURCES: Readonly<Record<UsageSource, string>> = {
  reported: "token counts the gateway reported, as its upstream counted them",
  'gateway-estimated':
    "the gateway's own estimate in an ordinary-looking usage chunk (LLM Gateway, about chars/4, when its upstream sent none or the stream broke)",
  estimated: "cutover's count (o200k tokenizer over the request and the answer): the gateway reports no usage and does not claim to",
  missing:
    "the gateway should have reported usage and did not (no usage, or zero completion tokens for a non-empty answer, as AI Stats sends when its upstream sent none); the counts shown are cutover's estimate",
};

export const COST_SOURCES: Readonly<Record<CostSource, string>> = {
  gateway: "the gateway's own cost (AI Stats nanos with pricing lines; a zero total with no lines is unknown, not $0)",
  catalog: "reported usage × the gateway's catalog price (GET /v1/models, fetched once per run)",
  configured: 'reported usage × `prices:` in eval.config.yaml (the catalog had no price)',
  estimated: 'usage that was not reported (gateway-estimated, estimated, missing) × the catalog or configured price',
  unknown: 'no cost: the gateway gave none and no price is known; never counted as $0',
};

/** Sources whose counts are the gateway's own measurement; only these are gated against each other. */
const MEASURED_USAGE: ReadonlySet<string> = new Set<UsageSource>(['reported']);

/**
 * Token counts of two arms can be gated against each other when both come from the same kind
 * of measurement: both reported, or both counted by cutover's tokenizer.
 */
export function comparableUsage(a: string, b: string): boolean {
  if (MEASURED_USAGE.has(a) && MEASURED_USAGE.has(b)) return true;
  return a === 'estimated' && b === 'estimated';
}

/** Costs from reported usage (the gateway's bill, or a price × reported tokens) compare; estimates and unknowns do not. */
const PRICED_FROM_REPORTED: ReadonlySet<string> = new Set<CostSource>(['gateway', 'catalog', 'configured']);

export function comparableCost(a: string, b: string): boolean {
  return PRICED_FROM_REPORTED.has(a) && PRICED_FROM_REPORTED.has(b);
}

/** "usage reported, gateway-estimated …" lines for report definitions. */
export function provenanceDefinitions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(USAGE_SOURCES)) out[`usage ${k}`] = v;
  for (const [k, v] of Object.entries(COST_SOURCES)) out[`cost ${k}`] = v;
  return out;
}

/** The one source all samples share, `empty` without samples, else 'mixed'. */
export function oneSource<T extends string>(sources: readonly T[], empty: T): T | 'mixed' {
  const distinct = [...new Set(sources)];
  return distinct.length === 0 ? empty : distinct.length === 1 ? (distinct[0] as T) : 'mixed';
}
