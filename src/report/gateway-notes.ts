/**
 * Run-level notes on how the gateways differ where the numbers come from: the same upstream
 * failure reaching the client differently, and prices. One wording, used by eval and merge (as
 * findings) and by the terminal and summary.md (where people look).
 */
import type { ArmSummary } from '../gate/types.ts';
import type { ErrorKind } from '../gateway/types.ts';
import type { RunPricing } from '../run/pricing.ts';

/** Non-streamed answers first, so the sentence reads the same whichever arrived first. */
const transportRank = (seenAs: string): number => (seenAs.endsWith('(non-stream)') ? 0 : 1);

const UPSTREAM_KINDS: readonly ErrorKind[] = ['upstream-rate-limited', 'upstream-failed', 'upstream-unreachable'];

/**
 * The same upstream failure reaching the client differently on each gateway (LLM Gateway: 500, or
 * 200 + `event: error` when streamed; AI Stats: 502): application error handling depends on it.
 */
export function upstreamMappingFindings(totals: { baseline: ArmSummary; candidate: ArmSummary }): string[] {
  const out: string[] = [];
  for (const kind of UPSTREAM_KINDS) {
    const b = totals.baseline.errorDetail?.[kind];
    const c = totals.candidate.errorDetail?.[kind];
    if (!b || !c) continue;
    const ordered = (seen: readonly string[]) => [...seen].sort((x, y) => transportRank(x) - transportRank(y) || (x < y ? -1 : x > y ? 1 : 0));
    const bs = ordered(b.seenAs);
    const cs = ordered(c.seenAs);
    if (bs.join('|') === cs.join('|')) continue;
    out.push(
      `the same upstream failure (${kind}) reaches the client differently: ${totals.baseline.gateway} answers ${bs.join(', ')}; ${totals.candidate.gateway} answers ${cs.join(', ')} — application error handling must expect both`,
    );
  }
  return out;
}

/** `prices:` entries that disagree with a catalog, and catalogs that could not be read. */
export function pricingFindings(pricing: RunPricing | undefined): string[] {
  if (!pricing) return [];
  const unread = pricing.catalogs
    .filter((c) => c.error !== null)
    .map((c) => `the ${c.gateway} catalog could not be read (${c.error}); its costs come from prices: in eval.config.yaml only`);
  return [...unread, ...pricing.disagreements];
}
