/**
 * Which cases a run sends: `--grep` (id or tag matches a regular expression), then `--shard i/n`.
 * Selecting no case at all is a usage error (a gate that measured nothing must not pass); an
 * empty shard of a non-empty selection is not: it says so and `merge` joins it with the others.
 */
import { UsageError } from '../errors.ts';
import type { PromptCase } from '../suite/types.ts';
import { selectShard, type Shard } from './shard.ts';

export interface Selection {
  cases: PromptCase[];
  /** Cases selected before sharding (what the empty-shard message counts). */
  selected: number;
}

/** `--grep`'s pattern, compiled up front so a bad one fails before anything is sent. */
export function parseGrep(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch (e) {
    throw new UsageError(`--grep: invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`, { cause: e });
  }
}

export function selectCases(all: readonly PromptCase[], o: { grep?: RegExp | undefined; shard?: Shard | undefined; suite: string }): Selection {
  const grep = o.grep;
  const chosen = grep ? all.filter((c) => grep.test(c.id) || c.tags.some((t) => grep.test(t))) : [...all];
  if (chosen.length === 0) {
    throw new UsageError(`no case selected: --grep ${JSON.stringify(grep?.source ?? '')} matches no case id or tag among the ${all.length} cases in ${o.suite}`);
  }
  return { cases: o.shard ? selectShard(chosen, o.shard) : chosen, selected: chosen.length };
}
