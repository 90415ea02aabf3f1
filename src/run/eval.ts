/**
 * The main job: loadConfig → loadSuite → runSuite (samples) → scoreCase per case → gateRun →
 * writeReports. Returns the report and the exit code; prints only through `io`.
 */
import { join, resolve } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import type { LoadedConfig, ResolvedTarget } from '../config/load.ts';
import { redact } from '../config/secret.ts';
import { displayPath } from '../config/yaml.ts';
import { EXIT, type ExitCode } from '../errors.ts';
import { caseStatus, type StoredBaseline } from '../baseline/file.ts';
import { applyDecision, digestCase, type GateCase } from '../gate/digest.ts';
import { DistributionPools } from '../gate/distribution.ts';
import { DEFINITIONS, gateRun } from '../gate/gate.ts';
import { emptyShardVerdict, withCompleteness } from '../gate/complete.ts';
import type { PromptCase } from '../suite/types.ts';
import type { Shard } from './shard.ts';
import { DEFAULT_MAX_REQUESTS, formatPlan } from './plan.ts';
import { checkMaxRequests, prepareRun, type PreparedRun } from './prepare.ts';
import { renderVerdict } from '../report/terminal.ts';
import { coalesce, resolveFormats, writeReports } from '../report/index.ts';
import { serializeReport } from '../report/json.ts';
import { REPORT_SCHEMA_VERSION, type ReportInput, type RunReport } from '../report/types.ts';
import { VERSION } from '../version.ts';
import { CaseLog } from './case-log.ts';
import { collectBetweenPasses, LARGE_RUN_CASES } from '../util/heap.ts';
import { retireTransportWorker } from '../gateway/transport.ts';
import { ScorePool } from './score-pool.ts';
import { executeRun, targetSecrets } from './execute.ts';
import { caseFindings } from './findings.ts';
import { NOT_COMPARABLE_HEADLINE } from '../report/format.ts';
import { pricingFindings, upstreamMappingFindings } from '../report/gateway-notes.ts';
import { gatewayInfo, plannedGateway } from './gateways.ts';
import { countJobs } from './scheduler.ts';
import { ArmTotals, withoutCases } from './totals.ts';

export interface EvalOptions {
  loaded: LoadedConfig;
  target: string;
  out?: string | undefined;
  concurrency?: number | undefined;
  repeat?: number | undefined;
  reporters: readonly string[];
  /** Where reporters append the CI job summary ($GITHUB_STEP_SUMMARY), if anywhere. */
  jobSummaryFile?: string | undefined;
  /** A case's file as CI annotations name it (relative to the CI checkout). */
  sourcePath?: ((caseFile: string) => string) | undefined;
  strict: boolean;
  quiet: boolean;
  json: boolean;
  shard?: Shard | undefined;
  /** Only cases whose id or a tag matches. */
  grep?: RegExp | undefined;
  /** A run that would send more requests than this stops before sending (exit 2); default 20,000. */
  maxRequests?: number | undefined;
  io: CommandIO;
  now?: () => Date;
}

export function runStamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
}

/** The run as reported, without its cases (they were streamed to the report files). */
export type RunSummary = Omit<RunReport, 'cases'>;

/** The report folder, and everything checked before the first request (nothing sent, nothing written). */
function prepareEval(o: EvalOptions, startedAt: Date): { prepared: PreparedRun; runId: string; outDir: string } {
  // Report formats first: a typo fails before anything else is read.
  resolveFormats(withJson(o.reporters));
  const runId = `${runStamp(startedAt)}-${o.target}${o.shard ? `-shard${o.shard.index}of${o.shard.count}` : ''}`;
  const outDir = o.out !== undefined ? resolve(o.io.cwd, o.out) : join(o.loaded.reportsDir, runId);
  const prepared = prepareRun({
    loaded: o.loaded,
    target: o.target,
    env: o.io.env,
    arms: ['baseline', 'candidate'],
    repeat: o.repeat,
    grep: o.grep,
    shard: o.shard,
    compare: true,
    outDir,
    outName: o.out !== undefined ? `--out ${o.out}` : `the report folder ${displayPath(outDir)}`,
  });
  for (const w of prepared.warnings) o.io.stderr(`cutover eval: warning: ${w}\n`);
  return { prepared, runId, outDir };
}

/** `eval --plan`: what the run would send and cost; nothing is sent or written (exit 0). */
export function planEval(o: EvalOptions): ExitCode {
  const { prepared: p } = prepareEval(o, (o.now ?? (() => new Date()))());
  const max = o.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const over = p.plan.requests > max;
  if (o.json) {
    o.io.stdout(`${JSON.stringify({ target: p.target.name, plan: p.plan, maxRequests: max, overMaxRequests: over })}\n`);
    return EXIT.pass;
  }
  const empty = p.cases.length === 0 && o.shard !== undefined;
  o.io.stdout(`target ${p.target.name}: ${empty ? `empty shard ${o.shard?.index}/${o.shard?.count}: nothing to send` : formatPlan(p.plan)}\n`);
  if (over) o.io.stdout(`more than --max-requests ${max.toLocaleString('en-US')}: eval would stop before sending, with exit 2 (raise --max-requests to run it)\n`);
  return EXIT.pass;
}

export async function runEval(o: EvalOptions): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  const now = o.now ?? (() => new Date());
  const opened = openEval(o, now);
  if (!('caseLog' in opened)) return emptyShard(o, opened);
  try {
    return await evaluate(o, opened);
  } finally {
    await opened.scorer.close();
    opened.caseLog.remove();
  }
}

/**
 * Everything before the first request: the run to evaluate, or an empty shard. Not async, so that
 * nothing outside the returned EvalRun keeps the suite's cases (evaluate lets go of them once sent).
 */
function openEval(o: EvalOptions, now: () => Date): EvalRun | EmptyShard {
  const startedAt = now();
  const { prepared, runId, outDir } = prepareEval(o, startedAt);
  const { target, cases, stored, plan } = prepared;
  checkMaxRequests(plan, o.maxRequests ?? DEFAULT_MAX_REQUESTS);
  if (cases.length === 0 && o.shard) {
    return { target, shard: o.shard, suiteCases: prepared.selected, stored, startedAt, runId, outDir, now };
  }

  if (!o.quiet && !o.json) {
    o.io.stderr(`cutover eval: target ${target.name} · ${cases.length} cases · baseline file ${stored ? 'loaded' : 'missing'}\n`);
    o.io.stderr(`cutover eval: ${formatPlan(plan)}\n`);
  }
  // Full results go to disk as each case is scored; the gate works from small digests.
  const caseLog = new CaseLog(join(outDir, '.cases.jsonl'), targetSecrets(target));
  // Cases with long outputs are scored on a worker thread, off the loop that times requests.
  const scorer = new ScorePool();
  return { target, cases, stored, warnings: prepared.warnings, startedAt, runId, outDir, caseLog, scorer, now };
}

interface EvalRun {
  target: ResolvedTarget;
  /** The suite's cases to send; evaluate() hands them to the run, which lets go of each once sent and scored. */
  cases: readonly PromptCase[];
  stored: StoredBaseline | null;
  warnings: readonly string[];
  startedAt: Date;
  runId: string;
  outDir: string;
  caseLog: CaseLog;
  scorer: ScorePool;
  now: () => Date;
}

async function evaluate(o: EvalOptions, r: EvalRun): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  const { target, stored, warnings, startedAt, runId, outDir, caseLog, scorer, now } = r;
  const digests = new Map<string, GateCase>();
  // The distribution check's pooled test: one vector per kernel and reference, however many cases.
  const distributionPools = new DistributionPools();
  // From here on the cases are their ids: the run lets go of each case once it is sent and scored
  // (a case holds its messages, ~1 KB each).
  const suiteCases = r.cases.length;
  const planned = countJobs({ cases: r.cases, arms: ['baseline', 'candidate'], repeat: o.repeat });
  const ids = r.cases.map((c) => c.id);
  const run = await executeRun({
    target,
    cases: takeCases(r),
    consumeCases: true,
    arms: ['baseline', 'candidate'],
    repeat: o.repeat,
    concurrency: o.concurrency,
    outDir,
    signal: o.io.signal,
    display: { write: o.io.stderr, isTTY: o.io.isTTY, quiet: o.quiet || o.json },
    onCase: ({ case: c, samples }) => {
      const status = caseStatus(c, stored);
      const storedSamples = status === 'compared' ? (stored?.samples(c.id) ?? null) : null;
      scorer.submit({ case: c, baseline: samples.baseline, candidate: samples.candidate, stored: storedSamples, status, thresholds: target.thresholds }, (result) => {
        if (result.distributionNulls !== undefined) distributionPools.add(result.distributionNulls);
        delete result.distributionNulls;
        caseLog.append(result);
        digests.set(c.id, digestCase(result));
      });
    },
  });
  // The requests are done: a large run lets the transport worker go before the gate and the reports.
  if (suiteCases >= LARGE_RUN_CASES) await retireTransportWorker();
  await scorer.drain();
  collectBetweenPasses(digests.size);
  const ordered = ids.map((id) => digests.get(id)).filter((d): d is GateCase => d !== undefined);
  digests.clear();

  const distributions = {
    baseline: { e2eMs: run.totals.baseline.e2eMs, ttftMs: run.totals.baseline.ttftMs },
    candidate: { e2eMs: run.totals.candidate.e2eMs, ttftMs: run.totals.candidate.ttftMs },
  };
  const { run: verdict, decisions } = gateRun(ordered, {
    thresholds: target.thresholds,
    strict: o.strict,
    distributions: { baseline: distributions.baseline.e2eMs, candidate: distributions.candidate.e2eMs },
    distributionPools,
    timingResolutionMs: run.timingResolutionMs,
  });
  const storedBaseline = storedBaselineOf(target, stored);
  const findings = [...warnings, ...caseFindings(storedBaseline, target.name, ordered)];
  const notComparable = ordered.filter((c) => c.notComparable !== undefined && c.contract === undefined);
  if (notComparable.length > 0) {
    findings.push(`${NOT_COMPARABLE_HEADLINE} a gateway ignored a requested feature on ${notComparable.map((c) => c.caseId).join(', ')}; left out of the cost and token totals.`);
  }
  if (scorer.workerLost !== null) {
    findings.push(`the scoring worker stopped (${scorer.workerLost}); cases with long outputs were scored on the main thread, which may have delayed the timing of requests in flight`);
  }
  if (run.interrupted) findings.push(`run interrupted: ${ordered.length} of ${suiteCases} cases completed; incomplete cases are left out`);
  const judged = withCompleteness(verdict, { interrupted: run.interrupted, completed: run.requests, planned });
  collectBetweenPasses(ordered.length);

  // Cases that are not like for like (a gateway ignored a requested feature) leave the cost and token totals.
  const totals = {
    baseline: withoutCases(run.totals.baseline.summary(), notComparable.map((c) => c.baseline)),
    candidate: withoutCases(run.totals.candidate.summary(), notComparable.map((c) => c.candidate)),
    requests: run.requests,
    durationMs: run.durationMs,
  };
  // The gate's decisions go into the logged cases now, so that neither they nor the digests stay
  // in memory while the reports read the cases (about 3 KB per case together).
  const order = ordered.map((c) => c.caseId);
  caseLog.rewrite(order, (full, i) => applyDecision(full, decisions[i]));
  const report: ReportInput = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cutover', version: VERSION },
    runId,
    target: target.name,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    partial: judged.verdict === 'incomplete',
    ...(o.shard ? { shard: o.shard } : {}),
    gateways: { baseline: gatewayInfo(run.gateways.baseline), candidate: gatewayInfo(run.gateways.candidate) },
    storedBaseline,
    settings: settingsOf(o, target),
    definitions: DEFINITIONS,
    totals,
    cases: caseLog.source(order),
    verdict: judged,
    findings: [...findings, ...upstreamMappingFindings(totals), ...pricingFindings(run.pricing)],
    pricing: run.pricing,
    timingResolutionMs: run.timingResolutionMs,
    distributions,
    distributionPools: distributionPools.toJSON(),
    // samples.jsonl was written by the run itself; the reports name it beside their own files.
    files: ['samples.jsonl'],
  };
  return finish(o, target, report, outDir, now);
}

/** The run's cases, handed over: `r` keeps none of them (not even in a local of the caller's suspended frame). */
function takeCases(r: EvalRun): readonly PromptCase[] {
  const cases = r.cases;
  r.cases = [];
  return cases;
}

function settingsOf(o: EvalOptions, target: ResolvedTarget): RunReport['settings'] {
  return {
    concurrency: { baseline: o.concurrency ?? target.baseline.concurrency, candidate: o.concurrency ?? target.candidate.concurrency },
    repeat: o.repeat ?? target.repeat,
    warmup: target.warmup,
    strict: o.strict,
  };
}

interface EmptyShard {
  target: ResolvedTarget;
  shard: Shard;
  suiteCases: number;
  stored: StoredBaseline | null;
  startedAt: Date;
  runId: string;
  outDir: string;
  now: () => Date;
}

/**
 * A shard that holds no case: nothing is sent (no gateway is even started), and the report says
 * "empty shard" — exit 0, so the CI matrix goes on, and `merge` joins it with the other shards.
 */
async function emptyShard(o: EvalOptions, e: EmptyShard): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  if (!o.quiet && !o.json) o.io.stderr(`cutover eval: target ${e.target.name} · empty shard ${e.shard.index}/${e.shard.count}: none of the suite's ${e.suiteCases} cases falls in it; nothing to send\n`);
  const totals = (role: 'baseline' | 'candidate') => new ArmTotals(e.target[role].name).summary();
  const report: ReportInput = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cutover', version: VERSION },
    runId: e.runId,
    target: e.target.name,
    startedAt: e.startedAt.toISOString(),
    finishedAt: e.now().toISOString(),
    partial: false,
    shard: e.shard,
    gateways: { baseline: gatewayInfo(plannedGateway(e.target.baseline)), candidate: gatewayInfo(plannedGateway(e.target.candidate)) },
    storedBaseline: storedBaselineOf(e.target, e.stored),
    settings: settingsOf(o, e.target),
    definitions: DEFINITIONS,
    totals: { baseline: totals('baseline'), candidate: totals('candidate'), requests: 0, durationMs: 0 },
    cases: [],
    verdict: emptyShardVerdict(e.shard, e.suiteCases),
    findings: [],
    distributions: { baseline: { e2eMs: [], ttftMs: [] }, candidate: { e2eMs: [], ttftMs: [] } },
    files: [],
  };
  return finish(o, e.target, report, e.outDir, e.now);
}

function storedBaselineOf(target: ResolvedTarget, stored: StoredBaseline | null): RunReport['storedBaseline'] {
  return {
    file: displayPath(target.baselineFile),
    status: stored ? 'loaded' : 'missing',
    recordedAt: stored?.recordedAt ?? null,
    gateway: stored?.gateway.name ?? null,
  };
}

/** Write every report (CI reporters print and append their job summary), print the verdict; the exit code follows the verdict. */
async function finish(o: EvalOptions, target: ResolvedTarget, report: ReportInput, outDir: string, now: () => Date): Promise<{ report: RunSummary; exitCode: ExitCode; outDir: string }> {
  // Paths in the reports as the user would type them (relative to where cutover ran).
  const written = await writeReports(report, displayPath(outDir), withJson(o.reporters), now, {
    log: o.json ? o.io.stderr : o.io.stdout,
    jobSummaryFile: o.jobSummaryFile,
    ...(o.sourcePath ? { sourcePath: o.sourcePath } : {}),
    redact: (text) => redact(text, targetSecrets(target)),
  });
  report.files = [...new Set([...report.files, ...written.map((f) => f.slice(outDir.length + 1))])];

  if (o.json) {
    for (const piece of coalesce(serializeReport(report, 0))) o.io.stdout(piece);
    o.io.stdout('\n');
  } else if (!o.quiet) o.io.stdout(renderVerdict(report, { color: o.io.isTTY, reportDir: displayPath(outDir) }));
  const { cases: _streamed, ...summary } = report;
  return { report: summary, exitCode: exitCodeFor(report), outDir };
}

function withJson(formats: readonly string[]): string[] {
  return formats.includes('json') ? [...formats] : ['json', ...formats];
}

/** 130 when interrupted (a partial report was written); 1 for any other verdict that does not pass. */
export function exitCodeFor(report: Pick<RunReport, 'partial' | 'verdict'>): ExitCode {
  const v = report.verdict;
  if (v.incomplete?.interrupted === true) return EXIT.interrupted;
  return v.passes === false || v.verdict === 'fail' || v.verdict === 'incomplete' ? EXIT.gateFailed : EXIT.pass;
}
