/**
 * On GitHub Actions (GITHUB_ACTIONS=true) the `github` reporter is on by default: a failing run
 * prints one `::error file=…,line=…` workflow command per failing case, pointing at the line where
 * the case starts in its suite file (so the failure shows on the PR diff), and appends the job
 * summary to $GITHUB_STEP_SUMMARY exactly once.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchProject } from './helpers/cli.ts';

interface Annotation {
  file: string;
  line: number;
  title: string;
  message: string;
}

/** `::error file=…,line=…,title=…::message` lines, properties and message unescaped. */
function annotations(stdout: string): Annotation[] {
  const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::error file='))
    .map((l) => {
      const m = /^::error (.*?)::(.*)$/.exec(l);
      const props = Object.fromEntries((m?.[1] ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
      return { file: props['file'] ?? '', line: Number(props['line']), title: unescape(props['title'] ?? ''), message: unescape(m?.[2] ?? '') };
    });
}

/** The 1-based line of `- id: <id>` in a suite file (the case's first line, as the author wrote it). */
function lineOfCase(text: string, id: string): number {
  return text.split('\n').findIndex((l) => new RegExp(`^\\s*- id: ${id}\\s*(#.*)?$`).test(l)) + 1;
}

describe('github reporter on GitHub Actions', () => {
  it('a failing run annotates each failing case at its line and appends the job summary once', async () => {
    const p = scratchProject({ copyBaseline: true });
    const summary = join(mkdtempSync(join(tmpdir(), 'cutover-gh-')), 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const out = join(p.dir, 'reports', 'drift');
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--out', out], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(1);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { cases: Array<{ caseId: string; file: string; verdict: string }> };
    const failing = report.cases.filter((c) => c.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(1);
    const found = annotations(r.stdout);
    expect(found.map((a) => a.title.split(' ')[2])).toEqual(failing.map((c) => c.caseId));
    for (const [i, c] of failing.entries()) {
      const a = found[i] as Annotation;
      expect(a.file).toBe(c.file);
      expect(a.file).toMatch(/^prompts\/[\w-]+\.yaml$/);
      expect(a.line, `${c.caseId} in ${c.file}`).toBe(lineOfCase(readFileSync(join(p.dir, c.file), 'utf8'), c.caseId));
      expect(a.title).toMatch(new RegExp(`^cutover local-drift: ${c.caseId} failed \\w`));
      expect(a.message.length).toBeGreaterThan(0);
    }

    const appended = readFileSync(summary, 'utf8');
    expect(appended.startsWith('# earlier step\n')).toBe(true);
    expect(appended.match(/cutover: \*\*FAIL\*\* — local-drift/g)).toHaveLength(1);
    expect(appended).toContain(readFileSync(join(out, 'summary.md'), 'utf8'));
  });

  it('run in a subfolder of the checkout (the action\'s working-directory), annotations name the file from the checkout\'s root', async () => {
    const p = scratchProject({ copyBaseline: true });
    const workspace = mkdtempSync(join(tmpdir(), 'cutover-ws-'));
    const project = join(workspace, 'services', 'llm');
    cpSync(p.dir, project, { recursive: true });
    const r = await runCli(['eval', '--target', 'local-drift', '--grep', '^(classify-intent|math-word-problem)$', '--repeat', '3', '--reporter', 'github', '--out', join(workspace, 'r')], {
      cwd: project,
      env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace },
    });
    expect(r.code, r.stderr).toBe(1);
    const found = annotations(r.stdout);
    expect(found.map((a) => a.title.split(' ')[2]).sort()).toEqual(['classify-intent', 'math-word-problem']);
    for (const a of found) {
      const id = a.title.split(' ')[2] ?? '';
      expect(a.file).toMatch(/^services\/llm\/prompts\/[\w-]+\.yaml$/);
      expect(a.line, id).toBe(lineOfCase(readFileSync(join(workspace, a.file), 'utf8'), id));
    }
  });

  it('an explicit --reporter list without github prints no annotation and appends nothing', async () => {
    const p = scratchProject({ copyBaseline: true });
    const summary = join(mkdtempSync(join(tmpdir(), 'cutover-gh-')), 'step-summary.md');
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--repeat', '3', '--reporter', 'json', '--out', join(p.dir, 'r')], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toContain('::error');
    expect(() => readFileSync(summary)).toThrow(/ENOENT/);
  });
});
