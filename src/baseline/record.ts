/** `baseline`: run the suite against the baseline gateway only and record its samples. */
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import type { LoadedConfig } from '../config/load.ts';
import { BaselineError, EXIT, type ExitCode } from '../errors.ts';
import { displayPath } from '../config/yaml.ts';
import type { Sample } from '../run/sample.ts';
import { CaseLog } from '../run/case-log.ts';
import { executeRun, targetSecrets } from '../run/execute.ts';
import { publicBaseURL } from '../run/gateways.ts';
import { runStamp } from '../run/eval.ts';
import { DEFAULT_MAX_REQUESTS, formatPlan } from '../run/plan.ts';
import { checkMaxRequests, prepareRun } from '../run/prepare.ts';
import { VERSION } from '../version.ts';
import { BASELINE_FORMAT, BASELINE_SCHEMA_VERSION, dirtySamples, writeBaselineFile, type BaselineEntry, type BaselineHeader } from './file.ts';
import { ignoredFeatures } from '../score/features.ts';
import { readRange, scanJsonFile } from '../util/json-members.ts';

export interface RecordOptions {
  loaded: LoadedConfig;
  target: string;
  force: boolean;
  repeat?: number | undefined;
  concurrency?: number | undefined;
  /** A run that would send more requests than this stops before sending (exit 2); default 20,000. */
  maxRequests?: number | undefined;
  quiet: boolean;
  io: CommandIO;
}

/**
 * When and where the baseline about to be replaced was recorded, read leniently: a corrupt one may
 * be replaced too. Its header fields are read from their byte ranges (json-members.ts): a stored
 * baseline grows with the suite (~110 MB at 100,000 samples), and parsing it whole for two fields
 * took the run's peak RSS from ~210 to ~425 MB.
 */
function describeExisting(file: string): string {
  let fd: number | undefined;
  try {
    const scan = scanJsonFile(file, 'cases', () => {});
    if (!scan.complete) return 'unreadable';
    fd = openSync(file, 'r');
    const field = (name: string): unknown => {
      const range = scan.fields.get(name);
      return range === undefined ? undefined : JSON.parse(readRange(fd as number, range));
    };
    const recordedAt = field('recordedAt');
    const gateway = field('gateway') as { name?: unknown } | null | undefined;
    return `recorded ${typeof recordedAt === 'string' ? recordedAt : 'at an unknown time'}${typeof gateway?.name === 'string' ? ` from ${gateway.name}` : ''}`;
  } catch {
    return 'unreadable';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function recordBaseline(o: RecordOptions): Promise<ExitCode> {
  const recordedAt = new Date();
  const outDir = join(o.loaded.reportsDir, `${runStamp(recordedAt)}-${o.target}-baseline`);
  const { target, cases, plan } = prepareRun({
    loaded: o.loaded,
    target: o.target,
    env: o.io.env,
    arms: ['baseline'],
    repeat: o.repeat,
    compare: false,
    outDir,
    outName: `the reports folder ${displayPath(o.loaded.reportsDir)}`,
  });
  checkMaxRequests(plan, o.maxRequests ?? DEFAULT_MAX_REQUESTS);
  const byId = new Map(cases.map((c) => [c.id, c]));
  // A committed baseline is the reference of every later gate: replacing it is said out loud.
  if (existsSync(target.baselineFile)) {
    o.io.stderr(
      `cutover baseline: warning: ${displayPath(target.baselineFile)} exists (${describeExisting(target.baselineFile)}); it is replaced if this run succeeds — review the diff before you commit it\n`,
    );
  }
  if (!o.quiet) o.io.stderr(`cutover baseline: target ${target.name} · ${cases.length} cases · ${formatPlan(plan)}\n`);
  // Recorded cases go to a scratch log as they complete and are written to the baseline file from
  // there in suite order: memory does not grow with the suite (the samples are on disk twice, briefly).
  const log = new CaseLog<{ caseId: string } & BaselineEntry>(join(outDir, '.baseline-cases.jsonl'), targetSecrets(target));
  const dirty = new DirtyTally();
  const ignored: string[] = [];
  try {
    const run = await executeRun({
      target,
      cases,
      arms: ['baseline'],
      repeat: o.repeat,
      concurrency: o.concurrency,
      outDir,
      signal: o.io.signal,
      display: { write: o.io.stderr, isTTY: o.io.isTTY, quiet: o.quiet },
      onCase: ({ case: c, samples }) => {
        log.append({ caseId: c.id, hash: c.hash, samples: samples.baseline });
        dirty.add(dirtySamples(samples.baseline, byId));
        const features = ignoredFeatures(c, samples.baseline);
        if (features.length > 0) ignored.push(`${c.id} (${features.join(', ')})`);
      },
    });
    if (run.interrupted) {
      o.io.stderr(`cutover: baseline not written: the run was interrupted (samples kept in ${displayPath(run.samplesFile)})\n`);
      return EXIT.interrupted;
    }
    if (dirty.count > 0 && !o.force) {
      throw new BaselineError(
        `baseline not written: ${dirty.count} request(s) failed (${[...dirty.kinds].join(', ')}; cases ${dirty.caseIds.join(', ')}) — fix the gateway or rerun with --force to record anyway`,
        'baseline-dirty',
      );
    }
    const gateway = { name: run.gateways.baseline.name, profile: run.gateways.baseline.profile, baseURL: publicBaseURL(run.gateways.baseline) };
    const header: BaselineHeader = { format: BASELINE_FORMAT, schemaVersion: BASELINE_SCHEMA_VERSION, tool: { name: 'cutover' as const, version: VERSION }, target: target.name, recordedAt: recordedAt.toISOString(), gateway };
    const entries = function* (): Generator<readonly [string, BaselineEntry]> {
      for (const { caseId, hash, samples } of log.source(cases.map((c) => c.id))) yield [caseId, { hash, samples }];
    };
    const written = writeBaselineFile(target.baselineFile, header, entries());
    if (ignored.length > 0) {
      const shown = ignored.length > 8 ? `${ignored.slice(0, 8).join(', ')} and ${ignored.length - 8} more` : ignored.join(', ');
      o.io.stderr(
        `cutover baseline: warning: ${gateway.name} ignored a requested feature on ${ignored.length} case(s): ${shown} — these answers are not what a gateway that honours the feature gives, so eval shows those cases as not comparable\n`,
      );
    }
    if (!o.quiet) {
      o.io.stdout(`baseline recorded: ${displayPath(target.baselineFile)} — ${written.cases} cases, ${written.samples} samples from ${gateway.name}${dirty.count ? ` (${dirty.count} failed requests recorded with --force)` : ''}\n`);
    }
  } finally {
    log.remove();
  }
  return EXIT.pass;
}

/** Failed requests of ordinary cases: how many, of which kinds, and the first few cases (for the message). */
class DirtyTally {
  count = 0;
  readonly kinds = new Set<string>();
  readonly caseIds: string[] = [];
  add(samples: readonly Sample[]): void {
    for (const s of samples) {
      this.count++;
      this.kinds.add(s.kind === 'error' ? s.error.kind : 'ok');
      if (this.caseIds.length < 5 && !this.caseIds.includes(s.caseId)) this.caseIds.push(s.caseId);
    }
  }
}
