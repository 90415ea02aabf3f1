/** The reporters, looked up by format name (as `--reporter` spells it), and the one writer. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Reporter, ReporterContext, RunReport } from './types.ts';
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

/** Write to a temp file beside the target, then rename: readers never see half a report. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Render each format and write it into `outDir`; returns the absolute paths written.
 * The report's `files` lists every file of this write, so report.json and report.html name their siblings.
 */
export async function writeReports(report: RunReport, outDir: string, formats: string[], now: () => Date): Promise<string[]> {
  const chosen = resolveFormats(formats).map((f) => reporters[f]);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files = chosen.map((r) => r.file).filter((f): f is string => f !== null);
  const complete: RunReport = { ...report, files: [...new Set([...report.files, ...files])] };
  const ctx: ReporterContext = { outDir: dir, displayDir: outDir, now };
  const written: string[] = [];
  for (const reporter of chosen) {
    if (reporter.file === null) continue;
    const path = join(dir, reporter.file);
    await writeAtomic(path, reporter.render(complete, ctx));
    written.push(path);
  }
  return written;
}

export type { Reporter, ReporterContext, RunReport } from './types.ts';
