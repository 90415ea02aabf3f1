/**
 * Sharding end to end, as a CI matrix runs it: `eval --shard i/4` four times (real CLI, simulated
 * gateways), `merge` the four folders, and compare with one unsharded run. Latency verdicts of two
 * different runs legitimately differ by noise, so the comparison is of what must be equal: the
 * case set and order, every non-latency check per case, the failing cases, and the overall verdict.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleReport } from '../src/report/fixture.ts';
import { hasStackTrace, runCli, scratchProject } from './helpers/cli.ts';

interface Check {
  check: string;
  verdict: string;
}
interface ReportJson {
  shard?: { index: number; count: number };
  cases: Array<{ caseId: string; checks: Check[] }>;
  verdict: { verdict: string; failing: Array<{ caseId: string; checks: string[] }> };
  totals: { requests: number };
}

const SHARDS = 4;
const REPEAT = '3';
/** Checks whose outcome does not depend on timing noise (the simulators are seeded). */
const DETERMINISTIC = new Set(['similarity', 'contract', 'errors', 'assertions', 'stream', 'features', 'cost', 'tokens']);

const readReport = (dir: string): ReportJson => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
const lines = (file: string): number => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

const deterministicChecks = (r: ReportJson) =>
  r.cases.map((c) => ({ caseId: c.caseId, checks: c.checks.filter((x) => DETERMINISTIC.has(x.check)).map((x) => `${x.check}:${x.verdict}`) }));

const failingOn = (r: ReportJson) =>
  r.verdict.failing
    .map((f) => ({ caseId: f.caseId, checks: f.checks.filter((c) => DETERMINISTIC.has(c)) }))
    .filter((f) => f.checks.length > 0)
    .sort((a, b) => a.caseId.localeCompare(b.caseId));

async function shardedAndWhole(target: string) {
  const p = scratchProject({ copyBaseline: true });
  const out = mkdtempSync(join(tmpdir(), `cutover-shard-${target}-`));
  const shardCodes: Array<number | null> = [];
  // One at a time: shards in parallel on a small CI box would slow both simulated gateways alike,
  // which is harmless for the verdict but makes this test's timing needlessly variable.
  for (let i = 1; i <= SHARDS; i++) {
    const r = await runCli(['eval', '--config', p.config, '--target', target, '--shard', `${i}/${SHARDS}`, '--out', join(out, `s${i}`), '--repeat', REPEAT, '--quiet']);
    expect(r.stderr, r.stderr).not.toSatisfy(hasStackTrace);
    shardCodes.push(r.code);
  }
  const dirs = Array.from({ length: SHARDS }, (_, i) => join(out, `s${i + 1}`));
  const merge = await runCli(['merge', '--config', p.config, ...dirs, '--out', join(out, 'merged'), '--quiet']);
  const whole = await runCli(['eval', '--config', p.config, '--target', target, '--out', join(out, 'whole'), '--repeat', REPEAT, '--quiet']);
  expect(merge.stderr, merge.stderr).toBe('');
  return {
    out,
    dirs,
    shardCodes,
    merge,
    whole,
    shards: dirs.map(readReport),
    merged: readReport(join(out, 'merged')),
    unsharded: readReport(join(out, 'whole')),
  };
}

describe('eval --shard i/n + merge', () => {
  it('on local: four shards merged equal one unsharded run', async () => {
    const r = await shardedAndWhole('local');
    // Each shard is a stable, disjoint slice; together they are the suite.
    const ids = r.shards.flatMap((s) => s.cases.map((c) => c.caseId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.shards.map((s) => s.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, count: SHARDS })));
    expect(r.merged.cases.map((c) => c.caseId)).toEqual(r.unsharded.cases.map((c) => c.caseId));
    expect(deterministicChecks(r.merged)).toEqual(deterministicChecks(r.unsharded));
    expect(r.merged.verdict.verdict).toBe(r.unsharded.verdict.verdict);
    expect(r.merge.code).toBe(r.whole.code);
    expect(r.merged.totals.requests).toBe(r.unsharded.totals.requests);
    expect(lines(join(r.out, 'merged', 'samples.jsonl'))).toBe(r.dirs.reduce((n, d) => n + lines(join(d, 'samples.jsonl')), 0));
  }, 240_000);

  it('on local-drift: the drifted cases fail in both, with the same verdict and exit code 1', async () => {
    const r = await shardedAndWhole('local-drift');
    expect(r.merged.cases.map((c) => c.caseId)).toEqual(r.unsharded.cases.map((c) => c.caseId));
    expect(deterministicChecks(r.merged)).toEqual(deterministicChecks(r.unsharded));
    const drifted = failingOn(r.unsharded);
    expect(drifted.length).toBeGreaterThan(0);
    expect(failingOn(r.merged)).toEqual(drifted);
    expect(r.merged.verdict.verdict).toBe('fail');
    expect(r.unsharded.verdict.verdict).toBe('fail');
    expect(r.merge.code).toBe(1);
    expect(r.whole.code).toBe(1);
  }, 240_000);

  it('refuses an incomplete set of shards with one clear line and exit 2', async () => {
    const p = scratchProject();
    const out = mkdtempSync(join(tmpdir(), 'cutover-shard-missing-'));
    mkdirSync(join(out, 's1'));
    writeFileSync(join(out, 's1', 'report.json'), JSON.stringify({ ...exampleReport(), shard: { index: 1, count: 2 } }));
    const r = await runCli(['merge', '--config', p.config, join(out, 's1'), '--out', join(out, 'merged')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cutover: missing shard 2/2: merge needs every shard of the run');
  });
});
