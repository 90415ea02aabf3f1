/**
 * Reporters read cases only through the CaseSource interface (length, at, for…of), so cases
 * streamed from disk render exactly like an array: a source that has nothing else proves it.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../gate/types.ts';
import { exampleReport } from './fixture.ts';
import { REPORT_FORMATS, renderToString, reporters, writeReports } from './index.ts';
import { renderVerdict } from './terminal.ts';
import type { CaseSource, ReportInput, RunReport } from './types.ts';

const ctx = { outDir: '/tmp/r', displayDir: 'reports/r', now: () => new Date('2025-06-12T10:18:00Z') };

/** Wraps an array, counting passes and reads; touching anything but length, at or iteration throws. */
function strictSource(cases: readonly CaseResult[]): { source: CaseSource; passes: () => number; reads: () => number } {
  let passes = 0;
  let reads = 0;
  const inner: CaseSource = {
    length: cases.length,
    at(index) {
      reads++;
      return cases[index];
    },
    *[Symbol.iterator]() {
      passes++;
      for (const c of cases) {
        reads++;
        yield c;
      }
    },
  };
  const allowed = new Set<PropertyKey>(['length', 'at', Symbol.iterator]);
  const source = new Proxy(inner, {
    get(target, key, receiver) {
      if (!allowed.has(key)) throw new Error(`CaseSource used beyond its interface: ${String(key)}`);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (!allowed.has(key)) throw new Error(`CaseSource used beyond its interface: in ${String(key)}`);
      return Reflect.has(target, key);
    },
  });
  return { source, passes: () => passes, reads: () => reads };
}

/** The example report with its cases repeated (ids made unique, files interleaved), as a bigger suite. */
function biggerReport(copies: number): RunReport {
  const report = exampleReport();
  const cases: CaseResult[] = [];
  for (let k = 0; k < copies; k++) {
    for (const c of exampleReport().cases) cases.push({ ...c, caseId: `${c.caseId}-${k}`, file: k % 2 ? c.file : `prompts/other-${k % 3}.yaml` });
  }
  return { ...report, cases };
}

function streamed(report: RunReport): { input: ReportInput; passes: () => number; reads: () => number } {
  const { source, passes, reads } = strictSource(report.cases);
  return { input: { ...report, cases: source }, passes, reads };
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('reporters from a CaseSource that is not an array', () => {
  // At most this many passes over the cases per format: each pass is a sequential read of the case file.
  const MAX_PASSES: Record<string, number> = { json: 1, csv: 1, junit: 1, markdown: 1, html: 4, github: 1 };

  for (const report of [exampleReport(), biggerReport(12), { ...exampleReport(), cases: [] }]) {
    for (const [name, reporter] of Object.entries(reporters)) {
      it(`${name} (${report.cases.length} cases) renders exactly as from the array, in few passes`, () => {
        const expected = renderToString(reporter, report, ctx);
        const s = streamed(report);
        expect(renderToString(reporter, s.input, ctx)).toBe(expected);
        expect(s.passes()).toBeLessThanOrEqual(MAX_PASSES[name] ?? 0);
        // Every case read at most once per pass, plus once by index (junit reads each file's cases back).
        expect(s.reads()).toBeLessThanOrEqual(report.cases.length * (s.passes() + 1));
      });
    }
  }

  it('the terminal verdict reads the same from a CaseSource', () => {
    const report = { ...exampleReport(), files: ['report.json', 'report.html'] };
    const s = streamed(report);
    expect(renderVerdict(s.input, { color: true, reportDir: 'reports/r' })).toBe(renderVerdict(report, { color: true, reportDir: 'reports/r' }));
    expect(s.passes()).toBe(1);
  });

  it('writeReports writes the same files from a CaseSource as from the array', async () => {
    const report = biggerReport(5);
    const dir = await mkdtemp(join(tmpdir(), 'cutover-cases-'));
    dirs.push(dir);
    const files = ['report.json', 'results.csv', 'summary.md', 'junit.xml', 'report.html'];
    const read = (): Promise<string[]> => Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    await writeReports(report, dir, [...REPORT_FORMATS], ctx.now);
    const fromArray = await read();
    await rm(dir, { recursive: true });
    const paths = await writeReports(streamed(report).input, dir, [...REPORT_FORMATS], ctx.now);
    expect(paths.map((p) => p.slice(dir.length + 1)).sort()).toEqual([...files].sort());
    expect(await read()).toEqual(fromArray);
  });

  it('a case that cannot be read back fails the write, leaving neither the file nor a temp file', async () => {
    const report = biggerReport(3);
    const failing: CaseSource = {
      length: report.cases.length,
      at: (i) => report.cases[i],
      *[Symbol.iterator]() {
        yield* report.cases.slice(0, 5);
        throw new Error('case log truncated');
      },
    };
    const dir = await mkdtemp(join(tmpdir(), 'cutover-cases-'));
    dirs.push(dir);
    await expect(writeReports({ ...report, cases: failing }, dir, ['json'], ctx.now)).rejects.toThrow('case log truncated');
    expect(await readdir(dir)).toEqual([]);
  });

  it('renders in chunks whose size does not grow with the number of cases', () => {
    const largestChunk = (report: RunReport, name: string): number =>
      Math.max(...[...(reporters[name as keyof typeof reporters].render(streamed(report).input, ctx))].map((c) => c.length));
    const small = biggerReport(4);
    const big = biggerReport(40);
    for (const name of REPORT_FORMATS) {
      if (name === 'markdown') continue; // summary.md is short by design (cut lists) and rendered whole
      // Ten times the cases: the largest chunk stays the fixed part (page head, report header), give or take a count.
      expect(largestChunk(big, name), name).toBeLessThan(largestChunk(small, name) * 1.05);
    }
  });
});
