/**
 * `--shard i/n`: a stable slice of the cases. A case's shard depends only on a hash of its own id,
 * so adding or removing a case never moves another case to a different shard.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.ts';
import type { PromptCase } from '../suite/types.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${text}"`);
  }
  return { index, count };
}

/** The shard (1-based) a case id belongs to among `count`. */
export function shardOf(caseId: string, count: number): number {
  const h = createHash('sha256').update(caseId).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export function selectShard(cases: readonly PromptCase[], shard: Shard): PromptCase[] {
  return cases.filter((c) => shardOf(c.id, shard.count) === shard.index);
}
