import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withCompleteness } from '../gate/complete.ts';
import { UsageError } from '../errors.ts';
import { exampleReport } from './fixture.ts';
import { coalesce, REPORT_FORMATS, reporters, writeReports } from './index.ts';
import type { RunReport } from './types.ts';

const now = (): Date => new Date('2025-06-12T10:18:00Z');
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-report-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('writeReports', () => {
  it('writes every format into the folder and returns the paths', async () => {
    const dir = join(await tempDir(), 'nested', 'run');
    const paths = await writeReports(exampleReport(), dir, [...REPORT_FORMATS], now);
    expect(paths.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'results.csv', 'summary.md']);
    // No temp files left behind.
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'results.csv', 'summary.md']);
  });

  it('report.json is the report, listing the files written beside it', async () => {
    const dir = await tempDir();
    await writeReports(exampleReport(), dir, ['json', 'markdown', 'json'], now);
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(json).toEqual({ ...exampleReport(), files: ['report.json', 'summary.md'] });
    expect(Object.keys(json)[0]).toBe('schemaVersion');
  });

  it('rejects an unknown format before writing anything, naming the known ones', async () => {
    const dir = join(await tempDir(), 'out');
    const attempt = writeReports(exampleReport(), dir, ['json', 'pdf'], now);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(writeReports(exampleReport(), dir, ['pdf'], now)).rejects.toThrow(/"pdf".*json, csv, markdown, junit, html/);
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('renders every format for an empty, interrupted run without inventing numbers', async () => {
    const dir = await tempDir();
    const verdict = { verdict: 'inconclusive' as const, counts: { pass: 0, fail: 0, inconclusive: 0, skipped: 0 }, failing: [], reasons: [], overall: [] };
    const empty: RunReport = {
      ...exampleReport(),
      partial: true,
      cases: [],
      findings: [],
      verdict: withCompleteness(verdict, { interrupted: true, completed: 0, planned: 96 }),
      distributions: { baseline: { e2eMs: [], ttftMs: [] }, candidate: { e2eMs: [], ttftMs: [] } },
    };
    await writeReports(empty, dir, [...REPORT_FORMATS], now);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toMatch(/^## ⛔ cutover: \*\*INTERRUPTED after 0 of 96 requests\*\*/);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('no samples');
    expect(html).toContain('INTERRUPTED after 0 of 96 requests');
    expect(html).not.toContain('INCONCLUSIVE');
    expect((await readFile(join(dir, 'results.csv'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('looks reporters up by the name they answer to', () => {
    for (const [name, reporter] of Object.entries(reporters)) expect(reporter.name).toBe(name);
  });
});

describe('coalesce', () => {
  it('joins chunks into pieces of at least the given size, losing and adding nothing', () => {
    const chunks = Array.from({ length: 50 }, (_, i) => 'x'.repeat(i % 7));
    const pieces = [...coalesce(chunks, 10)];
    expect(pieces.join('')).toBe(chunks.join(''));
    expect(pieces.slice(0, -1).every((p) => p.length >= 10)).toBe(true);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
    expect([...coalesce([], 10)]).toEqual([]);
  });
});
