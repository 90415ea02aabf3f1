/**
 * A verdict never claims more than was measured: a run that did not send and measure every
 * request it planned (interrupted, or requests missing) is `incomplete`, whatever its completed
 * cases say — never a pass. A shard holding no case is `empty`: nothing measured, nothing wrong.
 */
import type { Incomplete, RunVerdict } from './types.ts';

export interface Completeness {
  interrupted: boolean;
  /** Measured requests that completed (warm-up excluded). */
  completed: number;
  /** Measured requests planned; null when unknown. */
  planned: number | null;
}

export function isIncomplete(c: Completeness): boolean {
  return c.interrupted || (c.planned !== null && c.completed < c.planned);
}

/** The headline of an incomplete run, as every report states it. */
export function incompleteHeadline(i: Incomplete): string {
  const of = i.planned === null ? '' : ` of ${i.planned.toLocaleString('en-US')}`;
  const done = i.completed.toLocaleString('en-US');
  if (i.interrupted) return `INTERRUPTED after ${done}${of} requests`;
  return `INCOMPLETE: ${done}${of} requests measured`;
}

/**
 * The gate's verdict, overridden when the run is incomplete: verdict `incomplete`, `passes`
 * false, and the headline first among the reasons. The per-case counts stay (they describe the
 * cases that did complete).
 */
export function withCompleteness(verdict: RunVerdict, c: Completeness): RunVerdict {
  if (!isIncomplete(c)) return verdict;
  const incomplete: Incomplete = { interrupted: c.interrupted, completed: c.completed, planned: c.planned };
  const why = c.interrupted
    ? 'the run was stopped before it finished; only the cases that completed are scored, and an incomplete run is never a pass'
    : 'some planned requests were never measured; an incomplete run is never a pass';
  // The gate's "… inconclusive: passes the gate" no longer holds for a run that is not a pass.
  const reasons = verdict.reasons.filter((r) => !/passes the gate/.test(r));
  return { ...verdict, verdict: 'incomplete', passes: false, incomplete, reasons: [`${incompleteHeadline(incomplete)}: ${why}.`, ...reasons] };
}

/** The verdict of a shard that holds no case of the suite: nothing to measure, and it says so. */
export function emptyShardVerdict(shard: { index: number; count: number }, suiteCases: number): RunVerdict {
  return {
    verdict: 'empty',
    passes: true,
    counts: { pass: 0, fail: 0, inconclusive: 0, skipped: 0 },
    failing: [],
    reasons: [`Empty shard: none of the suite's ${suiteCases} case(s) falls in shard ${shard.index}/${shard.count}; nothing was sent or measured. \`cutover merge\` joins it with the other shards.`],
    overall: [],
  };
}
