/**
 * A gate that measured nothing must not pass: selecting no case is a usage error (exit 2); a
 * shard that happens to hold no case says "empty shard" (exit 0, nothing sent) and `merge` joins
 * it with the other shards into the verdict of the whole suite.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../src/run/shard.ts';
import { hasStackTrace, runCli, scratchProject } from './helpers/cli.ts';

interface ReportJson {
  partial: boolean;
  cases: Array<{ caseId: string }>;
  totals: { requests: number };
  verdict: { verdict: string; passes: boolean; reasons: string[] };
}
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;

/** A two-case suite, as in the issue: with 3 shards, at least one shard is empty. */
const TWO_CASES = 'suite: two\ndefaults: { model: gpt-4o-mini, temperature: 0, max_tokens: 16 }\ncases:\n  - { id: alpha, prompt: "Say hi." }\n  - { id: beta, prompt: "Say bye.", tags: [farewell] }\n';

function twoCaseProject(): { dir: string; config: string } {
  const p = scratchProject();
  rmSync(join(p.dir, 'prompts'), { recursive: true });
  mkdirSync(join(p.dir, 'prompts'));
  writeFileSync(join(p.dir, 'prompts', 'two.yaml'), TWO_CASES);
  return p;
}

describe('empty selections', () => {
  it('--grep that matches no case: exit 2 "no case selected", and no report folder', async () => {
    const p = scratchProject();
    const out = join(mkdtempSync(join(tmpdir(), 'cutover-sel-')), 'r');
    const r = await runCli(['eval', '--config', p.config, '--grep', 'no-such-case', '--out', out], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim()).toBe('cutover: no case selected: --grep "no-such-case" matches no case id or tag among the 28 cases in prompts');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('--grep selects by id or tag', async () => {
    const p = twoCaseProject();
    const out = mkdtempSync(join(tmpdir(), 'cutover-sel-'));
    const r = await runCli(['eval', '--config', p.config, '--grep', '^farewell$', '--repeat', '2', '--out', out, '--quiet'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(readReport(out).cases.map((c) => c.caseId)).toEqual(['beta']);
  });

  it('an empty shard says so, sends nothing, exits 0, and merges with the others into the whole suite', async () => {
    const p = twoCaseProject();
    const owners = ['alpha', 'beta'].map((id) => shardOf(id, 3));
    const empty = [1, 2, 3].find((i) => !owners.includes(i));
    if (empty === undefined) throw new Error('two cases cannot fill three shards');
    const out = mkdtempSync(join(tmpdir(), 'cutover-sel-shards-'));
    const dirs: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const dir = join(out, `s${i}`);
      dirs.push(dir);
      const r = await runCli(['eval', '--config', p.config, '--shard', `${i}/3`, '--repeat', '2', '--out', dir], { cwd: p.dir });
      expect(r.stderr).not.toSatisfy(hasStackTrace);
      expect(r.code, r.stderr).toBe(0);
      const report = readReport(dir);
      if (i !== empty) {
        expect(report.verdict.verdict).not.toBe('empty');
        continue;
      }
      expect(r.stderr).toContain(`empty shard ${i}/3: none of the suite's 2 cases falls in it; nothing to send`);
      expect(r.stdout).toMatch(/^EMPTY SHARD {2}local · 0 cases/m);
      expect(r.stdout).not.toMatch(/\bPASS\b/);
      expect(report.verdict).toMatchObject({ verdict: 'empty', passes: true });
      expect(report.totals.requests).toBe(0);
      expect(report.cases).toEqual([]);
      const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
      expect(summary.split('\n')[0]).toBe('## ⏭️ cutover: **EMPTY SHARD** — local');
      expect(summary).toContain(`Empty shard: none of the suite's 2 case(s) falls in shard ${i}/3`);
      expect(summary).not.toMatch(/\bPASS\b|✅/);
    }
    const merged = await runCli(['merge', '--config', p.config, ...dirs, '--out', join(out, 'merged'), '--quiet'], { cwd: p.dir });
    expect(merged.code, merged.stderr).toBe(0);
    const report = readReport(join(out, 'merged'));
    expect(report.cases.map((c) => c.caseId)).toEqual(['alpha', 'beta']);
    expect(['pass', 'inconclusive']).toContain(report.verdict.verdict);
    expect(report.partial).toBe(false);
  }, 120_000);
});
