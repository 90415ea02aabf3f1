import { describe, expect, it } from 'vitest';
import { exampleReport } from './fixture.ts';
import { renderToString } from './index.ts';
import { jsonReporter, serializeReport } from './json.ts';
import type { RunReport } from './types.ts';

const ctx = { outDir: '/tmp/r', now: () => new Date(0) };
const text = (report: RunReport, indent: number): string => [...serializeReport(report, indent)].join('');

/** A report whose first case's texts look like the placeholder, JSON syntax, escapes and non-BMP unicode. */
function trickyReport(): RunReport {
  const report = exampleReport();
  const first = report.cases[0];
  if (!first) throw new Error('fixture changed');
  first.caseId = '"cases": [] "cutover-cases-00000000-0000-0000-0000-000000000000" \n\t\\ \u2028 😀 \ud800';
  first.findings.push('"__CASES__"', '],\n  "verdict": {', 'ünïcødé — 日本語 🚀');
  report.findings.push('cutover-cases-', '"cases"');
  report.target = '"cases": "x"';
  return report;
}

describe('report.json', () => {
  it('is the report pretty-printed with two spaces, keys in the order they were built, then a newline', () => {
    const report = exampleReport();
    const json = renderToString(jsonReporter, report, ctx);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const keys = Object.keys(JSON.parse(json) as object);
    expect(keys.slice(keys.indexOf('totals'), keys.indexOf('verdict') + 1)).toEqual(['totals', 'cases', 'verdict']);
  });

  it('serializes exactly as JSON.stringify at any indent, and compact at 0 (for --json)', () => {
    const report = exampleReport();
    expect(text(report, 0)).toBe(JSON.stringify(report));
    for (const indent of [1, 2, 4, 10, 12]) expect(text(report, indent), `indent ${indent}`).toBe(JSON.stringify(report, null, indent));
  });

  it('is exact for a run without cases', () => {
    const empty: RunReport = { ...exampleReport(), cases: [] };
    expect(renderToString(jsonReporter, empty, ctx)).toBe(`${JSON.stringify(empty, null, 2)}\n`);
    expect(text(empty, 0)).toBe(JSON.stringify(empty));
  });

  it('is exact when texts look like the placeholder or JSON, or carry escapes and unicode', () => {
    const report = trickyReport();
    expect(renderToString(jsonReporter, report, ctx)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(text(report, 0)).toBe(JSON.stringify(report));
    expect(JSON.parse(text(report, 2))).toEqual(report);
  });

  it('keeps a shard, when there is one, in its place', () => {
    const { schemaVersion, tool, runId, target, startedAt, finishedAt, partial, ...rest } = exampleReport();
    const sharded: RunReport = { schemaVersion, tool, runId, target, startedAt, finishedAt, partial, shard: { index: 2, count: 3 }, ...rest };
    expect(text(sharded, 2)).toBe(JSON.stringify(sharded, null, 2));
  });

  it('yields one chunk per case, not the file as one string', () => {
    const report = exampleReport();
    const chunks = [...serializeReport(report, 2)];
    // Chunk 0 is the report up to `"cases": `; then one chunk per case, in order.
    expect(chunks).toHaveLength(report.cases.length + 3);
    report.cases.forEach((c, i) => {
      const chunk = chunks[i + 1] ?? '';
      expect(JSON.parse(chunk.slice(1))).toEqual(c);
    });
  });
});
