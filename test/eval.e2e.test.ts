/**
 * The main job end to end, as a new user runs it: the real CLI as a subprocess against the
 * built-in simulated gateways (child process, loopback ports chosen by the OS).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { hasStackTrace, runCli, scratchProject, ROOT } from './helpers/cli.ts';
import { inspectReportHtml, reportPageProblems } from './helpers/html-check.ts';

interface ReportJson {
  partial: boolean;
  verdict: { verdict: string; failing: Array<{ caseId: string; checks: string[] }> };
  cases: Array<{ caseId: string; verdict: string; status: string; contract?: { differs: boolean; baseline: Array<{ status: number | null }>; candidate: Array<{ status: number | null }> } }>;
  totals: { requests: number };
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;

describe('cutover eval (local)', () => {
  it('passes on an unchanged simulator, prints the verdict and writes the reports under reports/', async () => {
    const p = scratchProject({ copyBaseline: true });
    const r = await runCli(['eval', '--config', p.config]);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/i);
    const runs = readdirSync(join(p.dir, 'reports'));
    expect(runs).toHaveLength(1);
    const out = join(p.dir, 'reports', runs[0] ?? '');
    for (const f of ['report.json', 'results.csv', 'summary.md', 'junit.xml', 'report.html', 'samples.jsonl']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const report = readReport(out);
    expect(report.partial).toBe(false);
    expect(report.verdict.verdict).toBe('pass');
    expect(report.cases.filter((c) => c.status === 'compared').length).toBeGreaterThanOrEqual(20);
    // The known contract difference is visible: both-bad → LLM Gateway 400, AI Stats 401.
    const both = report.cases.find((c) => c.caseId === 'contract-invalid-key-and-model');
    expect(both?.contract?.differs).toBe(true);
    expect(both?.contract?.baseline.map((s) => s.status)).toEqual([400, 400]);
    expect(both?.contract?.candidate.map((s) => s.status)).toEqual([401, 401]);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/contract-invalid-key-and-model/);
    expect(summary).toMatch(/400/);
    expect(summary).toMatch(/401/);
  });

  it('writes to --out', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = join(mkdtempSync(join(tmpdir(), 'cutover-out-')), 'x');
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--repeat', '3', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    for (const f of ['report.json', 'results.csv', 'summary.md']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('fails local-drift with exit 1 and names the drifted cases and the failing checks', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = mkdtempSync(join(tmpdir(), 'cutover-drift-'));
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--out', out]);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = readReport(out);
    expect(report.verdict.verdict).toBe('fail');
    const failing = new Map(report.verdict.failing.map((f) => [f.caseId, f.checks]));
    const similarityFails = [...failing].filter(([, checks]) => checks.includes('similarity')).map(([id]) => id);
    expect(similarityFails.length).toBeGreaterThan(0);
    expect(failing.get('contract-invalid-model')).toContain('contract');
    expect([...failing.values()].some((checks) => checks.includes('latency'))).toBe(true);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const id of similarityFails) expect(summary).toContain(id);
    expect(summary).toMatch(/similarity/);
    expect(summary).toMatch(/latency/);
    expect(summary).toMatch(/contract-invalid-model/);
    expect(r.stdout).toMatch(/FAIL/i);

    // junit.xml: one testcase per case × check, failures naming the drifted cases.
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(out, 'junit.xml'), 'utf8')) as {
      testsuites: { testsuite: Array<{ testcase: Array<{ classname: string; name: string; failure?: { message: string } }> }> };
    };
    const testcases = junit.testsuites.testsuite.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
    const perCase = report.cases.reduce((n, c) => n + (c as unknown as { checks: unknown[] }).checks.length, 0);
    expect(testcases.filter((t) => t.classname !== 'run')).toHaveLength(perCase);
    const failed = testcases.filter((t) => t.failure !== undefined);
    for (const id of similarityFails) expect(failed.some((t) => t.classname === id && t.name === 'similarity')).toBe(true);

    // report.html in headless Chromium: verdict, both latency plots, the diffs of the drifted cases.
    const check = await inspectReportHtml(join(out, 'report.html'), { screenshotPath: join(ROOT, 'test-output', 'report-local-drift.png') });
    expect(reportPageProblems(check, { verdict: 'fail', diffs: true })).toEqual([]);
    expect(check.diffsRendered).toBeGreaterThanOrEqual(similarityFails.length);
  });

  it('a fresh baseline of an unchanged simulator passes', async () => {
    const p = scratchProject();
    const b = await runCli(['baseline', '--config', p.config, '--target', 'local']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/baseline recorded: .*baseline\/local\.json/);
    const stored = readFileSync(join(p.dir, 'baseline', 'local.json'), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ format: 'cutover-baseline', target: 'local', gateway: { profile: 'llmgateway' } });
    const e = await runCli(['eval', '--config', p.config, '--quiet']);
    expect(e.code, e.stderr).toBe(0);
  });
});
