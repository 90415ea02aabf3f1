/** The reporters, looked up by format name (as `--reporter` spells it), and the one writer. */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { ReportInput, Reporter, ReporterContext } from './types.ts';
import { csvReporter } from './csv.ts';
import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { markdownReporter } from './markdown.ts';

export const reporters = {
  json: jsonReporter,
  csv: csvReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  html: htmlReporter,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;
export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

function isFormat(name: string): name is ReportFormat {
  return Object.hasOwn(reporters, name);
}

/** Validates format names up front, so a typo fails before any file is written. */
export function resolveFormats(formats: readonly string[]): ReportFormat[] {
  const unknown = formats.filter((f) => !isFormat(f));
  if (unknown.length) {
    throw new UsageError(`unknown report format ${unknown.map((f) => `"${f}"`).join(', ')}; known formats: ${REPORT_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)].filter(isFormat);
}

/** Chunks are gathered up to this size before a write: few syscalls, bounded memory. */
const WRITE_BUFFER_CHARS = 64 * 1024;

/** Small chunks joined into pieces of at least `size` characters (the last may be shorter; none empty). */
export function* coalesce(chunks: Iterable<string>, size = WRITE_BUFFER_CHARS): Generator<string, void, undefined> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length) yield pending.join('');
}

/**
 * Write chunks to a temp file beside the target as they come, then rename: readers never see
 * half a report, and the whole text is never held in memory.
 */
function writeAtomic(path: string, chunks: Iterable<string>): void {
  const tmp = `${path}.${randomUUID()}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    try {
      for (const piece of coalesce(chunks)) writeSync(fd, piece, null, 'utf8');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The whole text of a reporter's file, for tests and small in-memory uses. */
export function renderToString(reporter: Reporter, report: ReportInput, ctx: ReporterContext): string {
  let text = '';
  for (const chunk of reporter.render(report, ctx)) text += chunk;
  return text;
}

/**
 * Render each format and write it into `outDir`; returns the absolute paths written.
 * The report's `files` lists every file of this write, so report.json and report.html name their siblings.
 * Cases may come from disk (a CaseSource): each format re-reads them as it renders.
 */
export async function writeReports(report: ReportInput, outDir: string, formats: string[], now: () => Date): Promise<string[]> {
  const chosen = resolveFormats(formats).map((f) => reporters[f]);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files = chosen.map((r) => r.file).filter((f): f is string => f !== null);
  const complete: ReportInput = { ...report, files: [...new Set([...report.files, ...files])] };
  const ctx: ReporterContext = { outDir: dir, displayDir: outDir, now };
  const written: string[] = [];
  for (const reporter of chosen) {
    if (reporter.file === null) continue;
    const path = join(dir, reporter.file);
    writeAtomic(path, reporter.render(complete, ctx));
    written.push(path);
  }
  return written;
}

export type { CaseSource, ReportInput, Reporter, ReporterContext, RunReport } from './types.ts';
