import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCompleteness } from '../gate/complete.ts';
import { exampleReport } from './fixture.ts';
import { escapeData, escapeProperty, githubReporter } from './github.ts';
import { chosenFormats, renderToString, writeReports } from './index.ts';
import { markdownReporter } from './markdown.ts';
import type { RunReport } from './types.ts';

const now = (): Date => new Date('2025-06-12T10:18:00Z');
const ctx = { outDir: '/tmp/r', now };

/** The example report with each case placed at a line of its suite file. */
function withLines(): RunReport {
  const r = exampleReport();
  return { ...r, cases: r.cases.map((c, i) => ({ ...c, line: 10 * (i + 1) })) };
}

describe('github reporter', () => {
  it('annotates each failing case at its file and line, with the failed checks and why', () => {
    const report = withLines();
    const all = renderToString(githubReporter, report, ctx).trimEnd().split('\n');
    const lines = all.filter((l) => l.startsWith('::error file='));
    const failing = report.cases.filter((c) => c.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    expect(lines).toHaveLength(failing.length);
    // The run-level check that failed gets its own annotation, without a file.
    const runLevel = report.verdict.overall.filter((o) => o.verdict === 'fail').map((o) => o.reason);
    expect(all.filter((l) => !l.startsWith('::error file='))).toEqual([`::error title=cutover ${report.target}%3A FAIL::${escapeData(runLevel.join('\n'))}`]);
    failing.forEach((c, i) => {
      const failed = c.checks.filter((x) => x.verdict === 'fail');
      expect(lines[i]).toBe(
        `::error file=${c.file},line=${c.line ?? 0},title=${escapeProperty(`cutover ${report.target}: ${c.caseId} failed ${failed.map((x) => x.check).join(', ')}`)}::` +
          escapeData(failed.map((x) => `${x.check}: ${x.reason}`).join('\n')),
      );
    });
  });

  it('says nothing for a passing run, and annotates an incomplete run without a file', () => {
    const report = withLines();
    const passing: RunReport = { ...report, cases: report.cases.filter((c) => c.verdict !== 'fail'), verdict: { ...report.verdict, verdict: 'pass', passes: true, failing: [], overall: [] } };
    expect(renderToString(githubReporter, passing, ctx)).toBe('');
    const incomplete: RunReport = { ...passing, verdict: withCompleteness(passing.verdict, { interrupted: true, completed: 10, planned: 40 }) };
    const text = renderToString(githubReporter, incomplete, ctx);
    expect(text).toBe(`::error title=cutover ${report.target}%3A INTERRUPTED after 10 of 40 requests::${escapeData(incomplete.verdict.reasons[0] ?? '')}\n`);
  });

  it('escapes what would end a workflow command early', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a: b, c')).toBe('a%3A b%2C c');
  });
});

describe('writeReports with sinks', () => {
  it('prints the annotations and appends the job summary once, even without the markdown format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-gh-'));
    try {
      const summary = join(dir, 'step-summary.md');
      await writeFile(summary, '# earlier step\n');
      const log: string[] = [];
      const report = withLines();
      const written = await writeReports(report, join(dir, 'out'), ['json', 'github'], now, { log: (t) => log.push(t), jobSummaryFile: summary, redact: (t) => t.replace('llm-gateway', '[redacted]') });
      expect(written.map((p) => p.slice(dir.length + 5))).toEqual(['report.json']);
      expect(log.join('')).toBe(renderToString(githubReporter, report, ctx));
      const appended = await readFile(summary, 'utf8');
      const markdown = renderToString(markdownReporter, { ...report, files: ['report.json'] }, { outDir: join(dir, 'out'), displayDir: join(dir, 'out'), now });
      expect(appended).toBe(`# earlier step\n${markdown.replace('llm-gateway', '[redacted]')}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('neither prints nor appends when the github reporter is not chosen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-gh-'));
    try {
      const summary = join(dir, 'step-summary.md');
      const log: string[] = [];
      await writeReports(withLines(), join(dir, 'out'), ['json', 'markdown'], now, { log: (t) => log.push(t), jobSummaryFile: summary });
      expect(log).toEqual([]);
      await expect(readFile(summary, 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('chosenFormats', () => {
  it('defaults to every file format, plus github on GitHub Actions; an explicit list is taken as given', () => {
    expect(chosenFormats(undefined, { githubActions: false })).toEqual(['json', 'csv', 'markdown', 'junit', 'html']);
    expect(chosenFormats(undefined, { githubActions: true })).toEqual(['json', 'csv', 'markdown', 'junit', 'html', 'github']);
    expect(chosenFormats('json, junit', { githubActions: true })).toEqual(['json', 'junit']);
  });
});
