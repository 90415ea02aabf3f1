/**
 * What a person sees in a terminal and what CI sees in a log: a live bar on a TTY that is cleared
 * at the end; plain lines and no control characters elsewhere; machine output with --json; the
 * job summary appended to $GITHUB_STEP_SUMMARY on GitHub Actions.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, scratchProject } from './helpers/cli.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x1b]/;

function inPty(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    // util-linux `script` gives the CLI a pseudo-terminal; -e passes its exit code through.
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('terminal output', () => {
  it('outside a TTY: plain progress lines, no control characters; --json is machine output; the job summary is appended', async () => {
    const p = scratchProject({ copyBaseline: true });
    const summary = join(mkdtempSync(join(tmpdir(), 'cutover-gh-')), 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await runCli(['eval', '--config', p.config, '--repeat', '3'], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(0);
    expect(CONTROL.test(r.stdout), JSON.stringify(r.stdout.match(CONTROL))).toBe(false);
    expect(CONTROL.test(r.stderr), JSON.stringify(r.stderr.match(CONTROL))).toBe(false);
    expect(r.stderr).toMatch(/^progress: \d+\/\d+ requests in /m);
    const appended = readFileSync(summary, 'utf8');
    expect(appended.startsWith('# earlier step\n')).toBe(true);
    // 3 repeats is below the latency check's minimum sample count: inconclusive, which passes (exit 0).
    expect(appended).toMatch(/cutover: \*\*INCONCLUSIVE\*\* — local/);
    // …and names the inconclusive cases, each with its check and why (not only a count).
    expect(appended).toMatch(/^### Inconclusive cases \(\d+\): measured, not enough evidence to tell$/m);
    expect(appended).toMatch(/^\| `[\w-]+` \| [\w-]+(, [\w-]+)* \| Too few samples to judge [\w-]+: 3 baseline \/ 3 candidate, need 5 per arm\. \|$/m);

    const j = await runCli(['eval', '--config', p.config, '--repeat', '3', '--json'], { cwd: p.dir });
    expect(j.code, j.stderr).toBe(0);
    const report = JSON.parse(j.stdout) as { schemaVersion: number; verdict: { verdict: string }; cases: unknown[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict.verdict).toBe('inconclusive');
    expect(report.cases.length).toBe(28);
  });

  it('on a TTY: the progress bar is drawn, redrawn in place and cleared before the verdict', async () => {
    const p = scratchProject({ copyBaseline: true });
    const r = await inPty(['eval', '--config', p.config, '--repeat', '5'], p.dir);
    expect(r.code, r.output).toBe(0);
    const frames = r.output.split('\r\x1b[2K');
    // Drawn (bar glyphs and counts), redrawn several times, and the last clear precedes the verdict.
    expect(r.output).toMatch(/[█░]{20} \d+\/\d+ requests \(\d+%\)/);
    expect(frames.length).toBeGreaterThan(2);
    const afterLastClear = frames[frames.length - 1] ?? '';
    expect(afterLastClear).not.toMatch(/[█░]{20}/);
    expect(afterLastClear).toMatch(/PASS|INCONCLUSIVE|FAIL/);
    expect(afterLastClear).toMatch(/Reports: /);
  });
});
