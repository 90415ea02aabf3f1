/**
 * Run-level notes on how the gateways differ where the numbers come from: the same upstream
 * failure reaching the client differently, and prices. One wording, used by eval and merge (as
 * findings) and by the terminal and summary.md (where people look).
 */
import type { ArmSummary } from '../gate/types.ts';
import type { ErrorKind } from '../gateway/types.ts';
import type { RunPricing } from '../run/pricing.ts';

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
    const key = (seen: readonly string[]) => [...seen].sort().join('|');
    if (key(b.seenAs) === key(c.seenAs)) continue;
    out.push(
      `the same upstream failure (${kind}) reaches the client differently: ${totals.baseline.gateway} answers ${b.seenAs.join(', ')}; ${totals.candidate.gateway} answers ${c.seenAs.join(', ')} — application error handling must expect both`,
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
