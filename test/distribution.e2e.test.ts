/**
 * The distribution check end to end (issue 16): a candidate that serves a narrower distribution
 * under the same model name (target local-substituted: gemini-2.0-flash at half the requested
 * temperature) passes word similarity and fails `distribution`; the unchanged simulator passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchProject } from './helpers/cli.ts';

interface Check {
  check: string;
  verdict: string;
  reason: string;
  metrics: Record<string, unknown>;
}
interface ReportJson {
  verdict: { verdict: string; failing: Array<{ caseId: string; checks: string[] }>; overall: Check[] };
  cases: Array<{ caseId: string; checks: Check[] }>;
  distributionPools?: { live: { strata: number; mmd: number[][] } | null };
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
const checksNamed = (r: ReportJson, name: string): Check[] => r.cases.flatMap((c) => c.checks.filter((k) => k.check === name));

describe('distribution check', () => {
  it('local-substituted: similarity passes every case, the distribution check fails the run', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = join(p.dir, 'out');
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-substituted', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(1);
    const report = readReport(out);
    expect(checksNamed(report, 'similarity').filter((k) => k.verdict === 'fail')).toEqual([]);
    const overall = report.verdict.overall.find((o) => o.check === 'distribution');
    expect(overall?.verdict).toBe('fail');
    expect(overall?.reason).toMatch(/^Output distribution differs \(pooled MMD, live baseline p = /);
    expect(overall?.metrics['cases']).toBe(6);
    // Only the distribution check fails anything.
    expect(report.verdict.failing.flatMap((f) => f.checks).every((c) => c === 'distribution')).toBe(true);
    // The sampled gemini cases are the ones that differ; the check does not apply to temperature-0 and contract cases (skipped).
    const top = (overall?.metrics['topCases'] as Array<{ caseId: string }>).slice(0, 3).map((t) => t.caseId);
    expect(top.every((id) => ['creative-release-note', 'creative-status-page-names', 'creative-thanks-reply', 'creative-welcome-email'].includes(id))).toBe(true);
    const inapplicable = checksNamed(report, 'distribution').filter((k) => k.verdict === 'skipped');
    expect(inapplicable.length).toBeGreaterThan(0);
    expect(inapplicable.every((k) => /Temperature 0|Contract case/.test(k.reason))).toBe(true);
    expect(checksNamed(report, 'distribution').filter((k) => k.verdict === 'not-measured')).toEqual([]);
    // junit.xml has no testcase for a check that does not apply (so none is "skipped" here).
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).not.toMatch(/<testcase [^>]*name="distribution"[^>]*>\s*<skipped/);
    expect(report.distributionPools?.live?.strata).toBe(6);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/Output distribution differs/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="distribution">Output distribution</h2>');
    expect(html).toMatch(/Samples side by side: the 3 case\(s\) that contribute most/);
  });

  it('local: the distribution check passes, with the same p-values on a second run', async () => {
    const p = scratchProject({ copyBaseline: true });
    const pValues: unknown[][] = [];
    for (const out of ['a', 'b']) {
      const r = await runCli(['eval', '--config', p.config, '--out', join(p.dir, out), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const report = readReport(join(p.dir, out));
      const overall = report.verdict.overall.find((o) => o.check === 'distribution');
      expect(overall?.verdict).toBe('pass');
      expect(overall?.metrics['cases']).toBe(6);
      pValues.push(checksNamed(report, 'distribution').map((k) => k.metrics['pValue'] ?? null));
    }
    expect(pValues[1]).toEqual(pValues[0]);
    expect(readFileSync(join(p.dir, 'a', 'summary.md'), 'utf8')).toMatch(/✅ Output distribution: no difference found/);
  });
});
