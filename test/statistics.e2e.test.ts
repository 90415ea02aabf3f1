/**
 * The gate's blind spots, end to end: the real CLI against simulated gateways whose only
 * regression is a slow tail (p50 unchanged) or 429s on first attempts that every retry hides.
 * Both must fail; the unchanged simulator must keep passing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchProject } from './helpers/cli.ts';

interface Check {
  check: string;
  verdict: string;
  reason: string;
}
interface ReportJson {
  verdict: { verdict: string; overall: Check[]; failing: Array<{ caseId: string; checks: string[] }> };
  cases: Array<{ caseId: string; checks: Check[] }>;
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;

describe('blind spots (local simulators)', () => {
  it('fails local-tail (30 % of candidate calls 5× slower, nothing else changed) on the tail, with exit 1', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = join(p.dir, 'tail');
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-tail', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = readReport(out);
    expect(report.verdict.verdict).toBe('fail');
    const tail = report.cases.flatMap((c) => c.checks).filter((k) => k.check === 'latency' && k.verdict === 'fail');
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.some((k) => /p95 \+\d+ %/.test(k.reason) && /permutation/.test(k.reason))).toBe(true);
    // Outputs and errors did not change: only timing checks fail (the slow calls are slow to the first token too).
    expect([...new Set(report.verdict.failing.flatMap((f) => f.checks))].every((c) => c === 'latency' || c === 'ttft')).toBe(true);
  }, 240_000);

  it('fails local-429 (30 % of candidate first attempts answered 429, every retry succeeds) on first-attempt errors, with exit 1', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = join(p.dir, 'throttled');
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-429', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = readReport(out);
    const firstAttempt = report.verdict.overall.find((o) => o.check === 'first-attempt');
    expect(firstAttempt?.verdict).toBe('fail');
    expect(firstAttempt?.reason).toMatch(/^Overall first-attempt errors higher on the candidate: rate-limit candidate \d+\.\d % /);
    // The final error rate is untouched: retries succeeded.
    expect(report.verdict.overall.find((o) => o.check === 'errors')?.verdict).toBe('pass');
    expect(r.stdout).toMatch(/first-attempt/);
  }, 240_000);

  it('passes the unchanged simulator 5 runs of 5', async () => {
    const p = scratchProject({ copyBaseline: true });
    for (let i = 0; i < 5; i++) {
      const r = await runCli(['eval', '--config', p.config, '--out', join(p.dir, `run${i}`)]);
      expect(r.code, `run ${i + 1}: ${r.stdout}`).toBe(0);
      expect(readReport(join(p.dir, `run${i}`)).verdict.verdict, `run ${i + 1}: ${r.stdout}`).toBe('pass');
    }
  }, 600_000);
});
