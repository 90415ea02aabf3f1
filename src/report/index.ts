/** The reporters, looked up by format name (as `--reporter` spells it), and the one writer. */
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { collectBetweenPasses } from '../util/heap.ts';
import type { ReportInput, Reporter, ReporterContext } from './types.ts';
import { csvReporter } from './csv.ts';
import { githubReporter } from './github.ts';
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
  github: githubReporter,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;
export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

const FILE_FORMATS: readonly ReportFormat[] = ['json', 'csv', 'markdown', 'junit', 'html'];

/** `--reporter`'s help: the formats and the default. */
export const REPORTER_HELP = `report formats, comma-separated (${REPORT_FORMATS.join(', ')}; default ${FILE_FORMATS.join(',')}, plus github when GITHUB_ACTIONS=true)`;

/** The formats asked for with `--reporter`, or by default every file format plus `github` on GitHub Actions. */
export function chosenFormats(list: string | undefined, ci: { githubActions: boolean }): string[] {
  if (list !== undefined) return list.split(',').map((s) => s.trim()).filter(Boolean);
  return [...FILE_FORMATS, ...(ci.githubActions ? ['github'] : [])];
}

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
  return renderJoined(reporter.render(report, ctx));
}

/** Where output that is not a file in the report folder goes. */
export interface ReportSinks {
  /** The run's log, for reporters without a file (GitHub annotations). */
  log: (text: string) => void;
  /** The CI job summary file (GitHub's $GITHUB_STEP_SUMMARY), when there is one. */
  jobSummaryFile?: string | undefined;
  /** Applied to text leaving the report folder for the job summary (no key reaches a CI page). */
  redact?: (text: string) => string;
  /** A case's file as CI annotations name it (ReporterContext.sourcePath). */
  sourcePath?: (caseFile: string) => string;
}

/**
 * Render each format and write it into `outDir`; returns the absolute paths written.
 * The report's `files` lists every file of this write, so report.json and report.html name their siblings.
 * Cases may come from disk (a CaseSource): each format re-reads them as it renders.
 * Reporters without a file print to `sinks.log`; a reporter's job summary is appended to
 * `sinks.jobSummaryFile`, once.
 */
export async function writeReports(report: ReportInput, outDir: string, formats: string[], now: () => Date, sinks?: ReportSinks): Promise<string[]> {
  const chosen = resolveFormats(formats).map((f) => reporters[f]);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files = chosen.map((r) => r.file).filter((f): f is string => f !== null);
  const complete: ReportInput = { ...report, files: [...new Set([...report.files, ...files])] };
  const ctx: ReporterContext = { outDir: dir, displayDir: outDir, now, ...(sinks?.sourcePath ? { sourcePath: sinks.sourcePath } : {}) };
  const written: string[] = [];
  for (const reporter of chosen) {
    if (reporter.file === null) continue;
    const path = join(dir, reporter.file);
    collectBetweenPasses(report.cases.length);
    writeAtomic(path, reporter.render(complete, ctx));
    written.push(path);
  }
  if (sinks) emitOutsideFolder(chosen, complete, ctx, sinks);
  return written;
}

/** Log lines of the reporters without a file, and each reporter's job summary (appended once). */
function emitOutsideFolder(chosen: readonly Reporter[], report: ReportInput, ctx: ReporterContext, sinks: ReportSinks): void {
  const redact = sinks.redact ?? ((t: string) => t);
  for (const reporter of chosen) {
    if (reporter.file === null) for (const piece of coalesce(reporter.render(report, ctx))) sinks.log(piece);
    if (reporter.jobSummary && sinks.jobSummaryFile) {
      appendFileSync(sinks.jobSummaryFile, `${redact(renderJoined(reporter.jobSummary(report, ctx)))}\n`);
    }
  }
}

function renderJoined(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}

export type { CaseSource, ReportInput, Reporter, ReporterContext, RunReport } from './types.ts';
