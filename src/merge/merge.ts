/**
 * `merge`: shard folders → one report folder and one verdict, identical in content to an
 * unsharded run's: validate, join (combine.ts), write every report format, concatenate the
 * shards' samples.jsonl, print the verdict. Prints only through `io`.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import type { LoadedConfig } from '../config/load.ts';
import type { ExitCode } from '../errors.ts';
import { coalesce, resolveFormats, writeReports } from '../report/index.ts';
import { serializeReport } from '../report/json.ts';
import { displayPath } from '../config/yaml.ts';
import { checkOutDir } from '../run/out-dir.ts';
import { renderVerdict } from '../report/terminal.ts';
import { CaseLog } from '../run/case-log.ts';
import { exitCodeFor, runStamp, type RunSummary } from '../run/eval.ts';
import { loadSuite } from '../suite/load.ts';
import { mergeReports } from './combine.ts';
import { readShardReport, ShardMergeError, type ShardReport } from './read.ts';
import { validateShards } from './validate.ts';

export interface MergeRunOptions {
  dirs: readonly string[];
  loaded: LoadedConfig;
  out?: string | undefined;
  reporters: readonly string[];
  /** Where reporters append the CI job summary ($GITHUB_STEP_SUMMARY), if anywhere. */
  jobSummaryFile?: string | undefined;
  /** A case's file as CI annotations name it (relative to the CI checkout). */
  sourcePath?: ((caseFile: string) => string) | undefined;
  /** Overrides the shards' own setting when given. */
  strict?: boolean | undefined;
  quiet: boolean;
  json: boolean;
  io: CommandIO;
  now?: () => Date;
}

const SAMPLES_FILE = 'samples.jsonl';

/**
 * Appends each shard's samples in shard order; a shard without the file adds nothing. Copied in
 * 1 MB pieces with plain reads and writes: memory stays flat, and no stream piping (each pipe into
 * one shared write stream left its listeners on it: Node warned from the 11th).
 */
function concatSamples(shards: readonly ShardReport[], absDirs: ReadonlyMap<string, string>, outDir: string): number {
  const target = join(outDir, SAMPLES_FILE);
  const sources = shards.map((s) => join(absDirs.get(s.dir) as string, SAMPLES_FILE)).filter((f) => existsSync(f));
  const out = openSync(target, 'w');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (const file of sources) {
      const fd = openSync(file, 'r');
      try {
        for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
          let written = 0;
          while (written < n) written += writeSync(out, buf, written, n - written);
        }
      } finally {
        closeSync(fd);
      }
    }
  } finally {
    closeSync(out);
  }
  return sources.length;
}

export async function runMerge(o: MergeRunOptions): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  const now = o.now ?? (() => new Date());
  const formats = o.reporters.includes('json') ? [...o.reporters] : ['json', ...o.reporters];
  resolveFormats(formats);
  const absDirs = new Map(o.dirs.map((d) => [d, resolve(o.io.cwd, d)]));
  const shards = o.dirs.map((d) => readShardReport(d, absDirs.get(d) as string));
  validateShards(shards);
  const first = (shards[0] as ShardReport).report;
  const strict = o.strict ?? first.settings.strict;
  const suiteOrder = loadSuite(o.loaded.suiteDir).map((c) => c.id);
  const earliest = shards.map((s) => s.report.startedAt).sort()[0] as string;
  const runId = `${runStamp(new Date(earliest))}-${first.target}-merged`;
  const outDir = o.out !== undefined ? resolve(o.io.cwd, o.out) : join(o.loaded.reportsDir, runId);
  if ([...absDirs.values()].includes(outDir)) throw new ShardMergeError(`--out ${o.out ?? outDir} is one of the shard folders; write the merged report elsewhere`);

  checkOutDir(outDir, o.out !== undefined ? `--out ${o.out}` : `the report folder ${displayPath(outDir)}`);
  // The joined cases wait in a scratch log outside the report folder, which is made only once
  // the shards have been read without error.
  const scratch = mkdtempSync(join(tmpdir(), 'cutover-merge-'));
  const log = new CaseLog(join(scratch, 'cases.jsonl'), []);
  try {
    const report = mergeReports(shards, { suiteOrder, thresholds: o.loaded.config.thresholds, strict, runId }, log);
    mkdirSync(outDir, { recursive: true });
    const withSamples = concatSamples(shards, absDirs, outDir);
    // An empty shard sent nothing, so it has no samples to miss.
    const sending = shards.filter((s) => s.report.verdict.verdict !== 'empty').length;
    if (withSamples < sending) report.findings.push(`${sending - withSamples} shard folder(s) had no ${SAMPLES_FILE}; the merged one lacks their samples`);
    report.files = [SAMPLES_FILE];
    const written = await writeReports(report, outDir, formats, now, { log: o.json ? o.io.stderr : o.io.stdout, jobSummaryFile: o.jobSummaryFile, ...(o.sourcePath ? { sourcePath: o.sourcePath } : {}) });
    report.files = [...new Set([...report.files, ...written.map((f) => f.slice(outDir.length + 1))])];

    if (o.json) {
      for (const piece of coalesce(serializeReport(report, 0))) o.io.stdout(piece);
      o.io.stdout('\n');
    } else if (!o.quiet) o.io.stdout(renderVerdict(report, { color: o.io.isTTY, reportDir: o.out ?? outDir }));
    const { cases: _streamed, ...summary } = report;
    return { report: summary, exitCode: exitCodeFor(report), outDir };
  } finally {
    log.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
}
