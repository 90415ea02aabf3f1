import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { gateRun } from '../gate/gate.ts';
import { emptyShardVerdict, withCompleteness } from '../gate/complete.ts';
import { findCheck, type CaseResult } from '../gate/types.ts';
import { exampleReport } from '../report/fixture.ts';
import type { RunReport } from '../report/types.ts';
import { summarise } from '../score/stats.ts';
import { CaseLog } from '../run/case-log.ts';
import { mergeReports as mergeToLog, type MergeOptions } from './combine.ts';
import { readShardReport, ShardMergeError, type ShardReport } from './read.ts';
import { mergeArm } from './totals.ts';
import { validateShards } from './validate.ts';

const thresholds = ThresholdsSchema.parse({});

/** Split a whole-run report into `count` shard reports: cases round-robin, distributions in slices. */
function split(whole: RunReport, count: number): ShardReport[] {
  return Array.from({ length: count }, (_, k) => {
    const cases = whole.cases.filter((_, i) => i % count === k);
    const slice = (xs: number[]) => xs.filter((_, i) => i % count === k);
    const report: RunReport = {
      ...structuredClone(whole),
      shard: { index: k + 1, count },
      cases: structuredClone(cases),
      distributions: {
        baseline: { e2eMs: slice(whole.distributions.baseline.e2eMs), ttftMs: slice(whole.distributions.baseline.ttftMs) },
        candidate: { e2eMs: slice(whole.distributions.candidate.e2eMs), ttftMs: slice(whole.distributions.candidate.ttftMs) },
      },
    };
    return { dir: `shards/s${k + 1}`, report };
  });
}

/** mergeReports with a scratch case log, its cases read back into an array. */
function mergeReports(shards: readonly ShardReport[], o: MergeOptions): RunReport {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-merge-test-'));
  const log = new CaseLog(join(dir, 'cases.jsonl'), []);
  try {
    const merged = mergeToLog(shards, o, log);
    return { ...merged, cases: [...merged.cases] };
  } finally {
    log.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

const options = (whole: RunReport) => ({ suiteOrder: whole.cases.map((c) => c.caseId), thresholds, strict: false, runId: 'merged-run' });

/** A case whose only check is a practical latency gap with raw p = `p`. */
function latencyCase(id: string, p: number): CaseResult {
  const base = exampleReport().cases[0] as CaseResult;
  return {
    ...structuredClone(base),
    caseId: id,
    checks: [
      {
        check: 'latency',
        verdict: p < 0.05 ? 'fail' : 'inconclusive',
        reason: 'set by the shard',
        metrics: {
          nBaseline: 10,
          nCandidate: 10,
          baselineP50: 100,
          candidateP50: 130,
          baselineP95: 120,
          candidateP95: 150,
          alpha: 0.05,
          spread: 0.2,
          criteria: [{ quantile: 'p50', ratio: 1.3, lower: 1.15, upper: 1.45, limit: 0.1, test: 'Mann-Whitney (exact)', pValue: p, detectable: 0.3 }],
        },
      },
    ],
  };
}

describe('mergeReports', () => {
  it('gives the unsharded case list, order, per-case verdicts and run verdict', () => {
    const whole = exampleReport();
    const shards = split(whole, 3).reverse(); // given in any order
    validateShards(shards);
    const merged = mergeReports(shards, options(whole));
    const reference = structuredClone(whole.cases);
    const { run: verdict, decisions } = gateRun(reference, { thresholds, strict: false });
    expect(merged.cases.map((c) => c.caseId)).toEqual(whole.cases.map((c) => c.caseId));
    expect(merged.cases.map((c) => c.verdict)).toEqual(decisions.map((d) => d.verdict));
    expect(merged.verdict.verdict).toBe(verdict.verdict);
    expect(merged.verdict.counts).toEqual(verdict.counts);
    expect(merged.shard).toBeUndefined();
    expect(merged.runId).toBe('merged-run');
  });

  it('recomputes totals from the joined distributions and adds counts', () => {
    const whole = exampleReport();
    const shards = split(whole, 2);
    const merged = mergeReports(shards, options(whole));
    expect(merged.totals.candidate.e2eMs).toEqual(summarise(whole.distributions.candidate.e2eMs));
    expect([...merged.distributions.baseline.e2eMs].sort()).toEqual([...whole.distributions.baseline.e2eMs].sort());
    expect(merged.totals.baseline.samples).toBe(2 * whole.totals.baseline.samples);
    expect(merged.totals.requests).toBe(2 * whole.totals.requests);
  });

  it('re-runs Holm over all cases: a p = 0.03 that failed alone does not fail among two', () => {
    const whole = { ...exampleReport(), cases: [latencyCase('a', 0.03), latencyCase('b', 0.03)] };
    const shards = split(whole, 2);
    for (const s of shards) {
      const alone = gateRun([...s.report.cases], { thresholds, strict: false }).run;
      expect(alone.counts.fail).toBe(1); // family of one: no adjustment
    }
    const merged = mergeReports(shards, options(whole));
    expect(merged.cases.map((c) => findCheck(c.checks, 'latency')?.metrics.criteria?.[0]?.pAdjusted)).toEqual([0.06, 0.06]);
    expect(merged.verdict.counts.fail).toBe(0);
    // Idempotent: merging the merged cases again judges from the raw p-values, not the adjusted ones.
    expect(merged.cases.map((c) => findCheck(c.checks, 'latency')?.metrics.criteria?.[0]?.pValue)).toEqual([0.03, 0.03]);
  });

  it('lists cases missing from the suite files last, with a finding', () => {
    const whole = exampleReport();
    const merged = mergeReports(split(whole, 2), { ...options(whole), suiteOrder: ['json-extract', 'greeting'] });
    expect(merged.cases.slice(0, 2).map((c) => c.caseId)).toEqual(['json-extract', 'greeting']);
    expect(merged.findings.some((f) => f.startsWith('not in the current suite files (listed last): '))).toBe(true);
  });

  it('marks the merged run incomplete (never a pass) when a shard was interrupted, summing what was measured', () => {
    const whole = exampleReport();
    const shards = split(whole, 2);
    const [first, second] = shards.map((s) => s.report) as [RunReport, RunReport];
    first.totals.requests = 100;
    second.totals.requests = 30;
    second.partial = true;
    second.verdict = withCompleteness(second.verdict, { interrupted: true, completed: 30, planned: 100 });
    const merged = mergeReports(shards, options(whole));
    expect(merged.verdict.verdict).toBe('incomplete');
    expect(merged.verdict.passes).toBe(false);
    expect(merged.partial).toBe(true);
    expect(merged.verdict.incomplete).toEqual({ interrupted: true, completed: 130, planned: 200 });
    expect(merged.findings).toContain('shard 2/2 (shards/s2) was interrupted after 30 of 100 requests: its incomplete cases are left out');
  });

  it('reads a partial shard from an older cutover (no plan) as incomplete with an unknown plan', () => {
    const whole = exampleReport();
    const shards = split(whole, 2);
    (shards[1] as ShardReport).report.partial = true;
    const merged = mergeReports(shards, options(whole));
    expect(merged.verdict.verdict).toBe('incomplete');
    expect(merged.verdict.incomplete?.planned).toBeNull();
  });

  it('joins an empty shard: no cases, nothing counted, and the verdict of the others', () => {
    const whole = exampleReport();
    const shards = split(whole, 3);
    const empty = shards[2] as ShardReport;
    empty.report.cases = [];
    empty.report.totals = { ...empty.report.totals, requests: 0 };
    empty.report.distributions = { baseline: { e2eMs: [], ttftMs: [] }, candidate: { e2eMs: [], ttftMs: [] } };
    empty.report.verdict = emptyShardVerdict({ index: 3, count: 3 }, whole.cases.length);
    validateShards(shards);
    const merged = mergeReports(shards, options(whole));
    expect(merged.verdict.verdict).not.toBe('empty');
    expect(merged.verdict.verdict).not.toBe('incomplete');
    expect(merged.findings).toContain('shard 3/3 (shards/s3) is empty: no case of the suite falls in it');
  });
});

describe('validateShards', () => {
  const shards = () => split(exampleReport(), 3);
  const fails = (s: ShardReport[], message: RegExp) => expect(() => validateShards(s)).toThrow(message);

  it('names what is wrong', () => {
    fails([], /merge needs the report folders/);
    fails(shards().slice(0, 2), /missing shard 3\/3: merge needs every shard/);
    const twice = shards();
    (twice[2] as ShardReport).report.shard = { index: 1, count: 3 };
    fails(twice, /shard 1\/3 given twice: shards\/s1 and shards\/s3/);
    const otherTarget = shards();
    (otherTarget[1] as ShardReport).report.target = 'elsewhere';
    fails(otherTarget, /shards disagree on the target: shards\/s1 has \w+, shards\/s2 has elsewhere/);
    const otherCount = shards();
    (otherCount[1] as ShardReport).report.shard = { index: 2, count: 4 };
    fails(otherCount, /disagree on the shard count: shards\/s1 has 3 shards, shards\/s2 has 4 shards/);
    const otherVersion = shards();
    (otherVersion[2] as ShardReport).report.tool.version = '9.9.9';
    fails(otherVersion, /disagree on the cutover version/);
    const repeat = shards();
    (repeat[0] as ShardReport).report.settings.repeat = 99;
    fails(repeat, /disagree on repeat/);
  });

  it('finds a case in two shards while merging', () => {
    const dup = shards();
    ((dup[1] as ShardReport).report.cases as CaseResult[]).push(structuredClone([...(dup[0] as ShardReport).report.cases][0] as CaseResult));
    validateShards(dup);
    expect(() => mergeReports(dup, options(exampleReport()))).toThrow(/case "greeting" appears in two shards: shards\/s1 and shards\/s2/);
  });

  it('throws ShardMergeError, a usage error (exit 2)', () => {
    try {
      validateShards([]);
    } catch (e) {
      expect(e).toBeInstanceOf(ShardMergeError);
      expect((e as ShardMergeError).exitCode).toBe(2);
    }
    expect.assertions(2);
  });
});

describe('mergeArm', () => {
  const arm = exampleReport().totals.baseline;

  it('keeps the cost known when a shard had no successful sample (contract-only shard)', () => {
    const empty = { ...arm, samples: 0, ok: 0, errors: 0, costNanos: null, costSource: 'unknown' as const, usageSource: 'none' as const };
    const m = mergeArm([arm, empty], { e2eMs: [1, 2, 3], ttftMs: [] });
    expect(m.costNanos).toBe(arm.costNanos);
    expect(m.costSource).toBe(arm.costSource);
    expect(m.usageSource).toBe(arm.usageSource);
    expect(m.ttftMs).toBeNull();
    expect(m.e2eMs.p50).toBe(2);
  });

  it('makes the cost unknown when a shard with samples had unknown cost, and mixes sources', () => {
    const unknown = { ...arm, costNanos: null, costSource: 'unknown' as const, usageSource: 'estimated' as const };
    const m = mergeArm([arm, unknown], { e2eMs: [], ttftMs: [] });
    expect(m.costNanos).toBeNull();
    expect(m.costSource).toBe('mixed');
    expect(m.usageSource).toBe('mixed');
    expect(m.samples).toBe(2 * arm.samples);
  });
});

describe('readShardReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-merge-read-'));
  it('explains a folder that is not a shard', () => {
    expect(() => readShardReport('nowhere', join(dir, 'nowhere'))).toThrow(/report\.json: cannot read the shard's report \(not found/);
    mkdirSync(join(dir, 'whole'));
    writeFileSync(join(dir, 'whole', 'report.json'), JSON.stringify(exampleReport()));
    expect(() => readShardReport('whole', join(dir, 'whole'))).toThrow(/not a shard \(run with `eval --shard i\/n`\)/);
    mkdirSync(join(dir, 'junk'));
    writeFileSync(join(dir, 'junk', 'report.json'), '{"schemaVersion": 7}');
    expect(() => readShardReport('junk', join(dir, 'junk'))).toThrow(/report schema version 7/);
  });

  it('reads the fields at once and the cases from the file on each pass, as written', () => {
    const shard = split(exampleReport(), 2)[0] as ShardReport;
    mkdirSync(join(dir, 's1'));
    writeFileSync(join(dir, 's1', 'report.json'), JSON.stringify(shard.report, null, 2));
    const read = readShardReport('s1', join(dir, 's1'));
    const { cases, ...header } = read.report;
    const { cases: expected, ...expectedHeader } = shard.report;
    expect(header).toEqual(expectedHeader);
    expect([...cases]).toEqual(expected);
    expect([...cases]).toEqual(expected);
    writeFileSync(join(dir, 's1', 'report.json'), JSON.stringify({ ...shard.report, cases: undefined }));
    expect(() => readShardReport('s1', join(dir, 's1'))).toThrow(/not a complete cutover report \(missing cases\)/);
    writeFileSync(join(dir, 's1', 'report.json'), JSON.stringify(shard.report).slice(0, 200));
    expect(() => readShardReport('s1', join(dir, 's1'))).toThrow(/not JSON/);
  });
});
