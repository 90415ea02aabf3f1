/**
 * What must hold before shard results can be joined: one run split n ways — same target, tool
 * version, settings and gateways, each shard 1..n exactly once (and, checked as the cases are
 * read, no case in two shards).
 */
import type { ShardReport } from './read.ts';
import { ShardMergeError } from './read.ts';

function same<T>(shards: readonly ShardReport[], what: string, pick: (s: ShardReport) => T, show: (v: T) => string = String): void {
  const first = shards[0] as ShardReport;
  const want = JSON.stringify(pick(first));
  for (const s of shards.slice(1)) {
    if (JSON.stringify(pick(s)) !== want) {
      throw new ShardMergeError(`shards disagree on ${what}: ${first.dir} has ${show(pick(first))}, ${s.dir} has ${show(pick(s))}`);
    }
  }
}

export function validateShards(shards: readonly ShardReport[]): void {
  if (shards.length === 0) throw new ShardMergeError('merge needs the report folders of the shards (e.g. `cutover merge shards/*`)');
  same(shards, 'the target', (s) => s.report.target);
  same(shards, 'the cutover version', (s) => s.report.tool.version);
  same(shards, 'the shard count', (s) => s.report.shard?.count ?? 0, (n) => `${n} shards`);
  same(shards, 'repeat', (s) => s.report.settings.repeat);
  same(shards, 'strict', (s) => s.report.settings.strict);
  same(shards, 'the gateways', (s) => [s.report.gateways.baseline.name, s.report.gateways.baseline.profile, s.report.gateways.candidate.name, s.report.gateways.candidate.profile], (g) => g.join(' / '));
  same(shards, 'the stored baseline', (s) => [s.report.storedBaseline.status, s.report.storedBaseline.recordedAt], (b) => b.join(' recorded '));

  const count = shards[0]?.report.shard?.count ?? 0;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const index = s.report.shard?.index ?? 0;
    const prev = byIndex.get(index);
    if (prev !== undefined) throw new ShardMergeError(`shard ${index}/${count} given twice: ${prev} and ${s.dir}`);
    byIndex.set(index, s.dir);
  }
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (absent.length > 0) {
    throw new ShardMergeError(`missing shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')}: merge needs every shard of the run`);
  }
  // A case in two shards is found while merge reads the cases (combine.ts): only one pass over them.
}
