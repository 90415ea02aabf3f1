/**
 * The main job: loadConfig → loadSuite → runSuite (samples) → scoreCase per case → gateRun →
 * writeReports. Returns the report and the exit code; prints only through `io`.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import { resolveTarget, type LoadedConfig, type ResolvedTarget } from '../config/load.ts';
import { redact } from '../config/secret.ts';
import { displayPath } from '../config/yaml.ts';
import { EXIT, type ExitCode } from '../errors.ts';
import { readBaseline, caseStatus, type BaselineFile } from '../baseline/file.ts';
import { digestCase, finalizeCase, type GateCase } from '../gate/digest.ts';
import type { CaseResult } from '../gate/types.ts';
import { DEFINITIONS, gateRun } from '../gate/gate.ts';
import { loadSuite } from '../suite/load.ts';
import type { PromptCase } from '../suite/types.ts';
import { selectShard, type Shard } from './shard.ts';
import { renderVerdict } from '../report/terminal.ts';
import { coalesce, writeReports } from '../report/index.ts';
import { serializeReport } from '../report/json.ts';
import { REPORT_SCHEMA_VERSION, type ReportInput, type RunReport } from '../report/types.ts';
import { VERSION } from '../version.ts';
import { CaseLog } from './case-log.ts';
import { ScorePool } from './score-pool.ts';
import { executeRun, targetSecrets } from './execute.ts';
import { caseFindings } from './findings.ts';
import { publicBaseURL } from './gateways.ts';

export interface EvalOptions {
  loaded: LoadedConfig;
  target: string;
  out?: string | undefined;
  concurrency?: number | undefined;
  repeat?: number | undefined;
  reporters: readonly string[];
  strict: boolean;
  quiet: boolean;
  json: boolean;
  shard?: Shard | undefined;
  io: CommandIO;
  now?: () => Date;
}

export function runStamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
}

/** The run as reported, without its cases (they were streamed to the report files). */
export type RunSummary = Omit<RunReport, 'cases'>;

export async function runEval(o: EvalOptions): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  const now = o.now ?? (() => new Date());
  const target = resolveTarget(o.loaded, o.target, o.io.env);
  const allCases = loadSuite(o.loaded.suiteDir, target.repeat);
  const cases = o.shard ? selectShard(allCases, o.shard) : allCases;
  const stored = readBaseline(target.baselineFile);
  const startedAt = now();
  const runId = `${runStamp(startedAt)}-${target.name}${o.shard ? `-shard${o.shard.index}of${o.shard.count}` : ''}`;
  const outDir = o.out !== undefined ? resolve(o.io.cwd, o.out) : join(o.loaded.reportsDir, runId);
  mkdirSync(outDir, { recursive: true });

  if (!o.quiet && !o.json) {
    o.io.stderr(`cutover eval: target ${target.name} · ${cases.length} cases · baseline file ${stored ? 'loaded' : 'missing'}\n`);
  }
  // Full results go to disk as each case is scored; the gate works from small digests.
  const caseLog = new CaseLog(join(outDir, '.cases.jsonl'), targetSecrets(target));
  // Cases with long outputs are scored on a worker thread, off the loop that times requests.
  const scorer = new ScorePool();
  try {
    return await evaluate(o, { target, cases, stored, startedAt, runId, outDir, caseLog, scorer, now });
  } finally {
    await scorer.close();
    caseLog.remove();
  }
}

interface EvalRun {
  target: ResolvedTarget;
  cases: readonly PromptCase[];
  stored: BaselineFile | null;
  startedAt: Date;
  runId: string;
  outDir: string;
  caseLog: CaseLog;
  scorer: ScorePool;
  now: () => Date;
}

async function evaluate(o: EvalOptions, { target, cases, stored, startedAt, runId, outDir, caseLog, scorer, now }: EvalRun): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  const digests = new Map<string, GateCase>();
  const run = await executeRun({
    target,
    cases,
    arms: ['baseline', 'candidate'],
    repeat: o.repeat,
    concurrency: o.concurrency,
    outDir,
    signal: o.io.signal,
    display: { write: o.io.stderr, isTTY: o.io.isTTY, quiet: o.quiet || o.json },
    onCase: ({ case: c, samples }) => {
      const status = caseStatus(c, stored);
      const storedSamples = status === 'compared' ? (stored?.cases[c.id]?.samples ?? null) : null;
      scorer.submit({ case: c, baseline: samples.baseline, candidate: samples.candidate, stored: storedSamples, status, thresholds: target.thresholds }, (result) => {
        caseLog.append(result);
        digests.set(c.id, digestCase(result));
      });
    },
  });
  await scorer.drain();

  const ordered = cases.map((c) => digests.get(c.id)).filter((r): r is GateCase => r !== undefined);
  const distributions = {
    baseline: { e2eMs: run.totals.baseline.e2eMs, ttftMs: run.totals.baseline.ttftMs },
    candidate: { e2eMs: run.totals.candidate.e2eMs, ttftMs: run.totals.candidate.ttftMs },
  };
  const verdict = gateRun(ordered, { thresholds: target.thresholds, strict: o.strict, distributions: { baseline: distributions.baseline.e2eMs, candidate: distributions.candidate.e2eMs } });
  const storedBaseline: RunReport['storedBaseline'] = {
    file: displayPath(target.baselineFile),
    status: stored ? 'loaded' : 'missing',
    recordedAt: stored?.recordedAt ?? null,
    gateway: stored?.gateway.name ?? null,
  };
  const findings = caseFindings(storedBaseline, target.name, ordered);
  if (scorer.workerLost !== null) {
    findings.push(`the scoring worker stopped (${scorer.workerLost}); cases with long outputs were scored on the main thread, which may have delayed the timing of requests in flight`);
  }
  if (run.interrupted) findings.push(`run interrupted: ${ordered.length} of ${cases.length} cases completed; incomplete cases are left out`);

  const gated = (full: CaseResult): CaseResult => finalizeCase(full, digests.get(full.caseId) ?? digestCase(full));
  const report: ReportInput = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cutover', version: VERSION },
    runId,
    target: target.name,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    partial: run.interrupted,
    ...(o.shard ? { shard: o.shard } : {}),
    gateways: {
      baseline: { name: run.gateways.baseline.name, profile: run.gateways.baseline.profile, baseURL: publicBaseURL(run.gateways.baseline), simulated: run.gateways.baseline.simulated },
      candidate: { name: run.gateways.candidate.name, profile: run.gateways.candidate.profile, baseURL: publicBaseURL(run.gateways.candidate), simulated: run.gateways.candidate.simulated },
    },
    storedBaseline,
    settings: {
      concurrency: { baseline: o.concurrency ?? target.baseline.concurrency, candidate: o.concurrency ?? target.candidate.concurrency },
      repeat: o.repeat ?? target.repeat,
      warmup: target.warmup,
      strict: o.strict,
    },
    definitions: DEFINITIONS,
    totals: { baseline: run.totals.baseline.summary(), candidate: run.totals.candidate.summary(), requests: run.requests, durationMs: run.durationMs },
    cases: caseLog.source(ordered.map((c) => c.caseId), gated),
    verdict,
    findings,
    distributions,
    files: [],
  };
  // Paths in the reports as the user would type them (relative to where cutover ran).
  const written = await writeReports(report, displayPath(outDir), withJson(o.reporters), now);
  report.files = written.map((f) => f.slice(outDir.length + 1));

  if (o.json) {
    for (const piece of coalesce(serializeReport(report, 0))) o.io.stdout(piece);
    o.io.stdout('\n');
  } else if (!o.quiet) o.io.stdout(renderVerdict(report, { color: o.io.isTTY, reportDir: displayPath(outDir) }));
  const summaryFile = o.io.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile && written.some((f) => f.endsWith('summary.md'))) {
    appendFileSync(summaryFile, `${redact(readFileSync(join(outDir, 'summary.md'), 'utf8'), targetSecrets(target))}\n`);
  }
  const { cases: _streamed, ...summary } = report;
  return { report: summary, exitCode: exitCodeFor(report), outDir };
}

function withJson(formats: readonly string[]): string[] {
  return formats.includes('json') ? [...formats] : ['json', ...formats];
}

export function exitCodeFor(report: Pick<RunReport, 'partial' | 'verdict'>): ExitCode {
  if (report.partial) return EXIT.interrupted;
  return report.verdict.passes === false || report.verdict.verdict === 'fail' ? EXIT.gateFailed : EXIT.pass;
}
