/** Ctrl-C during a long run: stop sending, keep what completed, write a partial report, exit 130. */
import { existsSync, readdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, scratchProject } from './helpers/cli.ts';

interface Partial {
  partial: boolean;
  cases: unknown[];
  findings: string[];
}

describe('interruption', () => {
  it('SIGINT writes a readable partial report.json and exits 130', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = mkdtempSync(join(tmpdir(), 'cutover-int-'));
    let kill: ((sig: NodeJS.Signals) => void) | undefined;
    let sent = false;
    const started = Date.now();
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--repeat', '60'], {
      cwd: p.dir,
      onSpawn: (_pid, k) => (kill = k),
      onStderr: (chunk) => {
        // Interrupt once requests are flowing (the first periodic progress line).
        if (!sent && /progress: \d+\/\d+/.test(chunk)) {
          sent = true;
          kill?.('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Partial;
    expect(report.partial).toBe(true);
    expect(report.findings.some((f) => /run interrupted: \d+ of 24 cases completed/.test(f))).toBe(true);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Partial run/);
    // samples.jsonl keeps every completed request, one JSON object per line.
    const lines = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(Date.now() - started).toBeLessThan(110_000);
  });

  it('a second SIGINT exits at once with 130', async () => {
    const p = scratchProject({ copyBaseline: true });
    let kill: ((sig: NodeJS.Signals) => void) | undefined;
    let sent = false;
    const out = mkdtempSync(join(tmpdir(), 'cutover-int2-'));
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--repeat', '60'], {
      cwd: p.dir,
      onSpawn: (_pid, k) => (kill = k),
      onStderr: (chunk) => {
        if (!sent && /progress: \d+\/\d+/.test(chunk)) {
          sent = true;
          kill?.('SIGINT');
          setTimeout(() => kill?.('SIGINT'), 50);
        }
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    // The raw samples stay; the scratch log of scored cases does not.
    expect(readdirSync(out)).toContain('samples.jsonl');
    expect(readdirSync(out)).not.toContain('.cases.jsonl');
  });
});
