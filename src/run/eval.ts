/**
 * The main job: loadConfig → loadSuite → runSuite (samples) → scoreCase per case → gateRun →
 * writeReports. Returns the report and the exit code; prints only through `io`.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import { resolveTarget, type LoadedConfig } from '../config/load.ts';
import { redact } from '../config/secret.ts';
import { displayPath } from '../config/yaml.ts';
import { EXIT, type ExitCode } from '../errors.ts';
import { readBaseline, caseStatus } from '../baseline/file.ts';
import type { CaseResult } from '../gate/types.ts';
import { DEFINITIONS, gateRun } from '../gate/gate.ts';
import { scoreCase } from '../score/case.ts';
import { loadSuite } from '../suite/load.ts';
import { selectShard, type Shard } from './shard.ts';
import { renderVerdict } from '../report/terminal.ts';
import { writeReports } from '../report/index.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/types.ts';
import { VERSION } from '../version.ts';
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

export async function runEval(o: EvalOptions): Promise<{ report: RunReport; exitCode: ExitCode; outDir: string }> {
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
  const results = new Map<string, CaseResult>();
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
      results.set(
        c.id,
        scoreCase({ case: c, baseline: samples.baseline, candidate: samples.candidate, stored: storedSamples, status, thresholds: target.thresholds }),
      );
    },
  });

  const ordered = cases.map((c) => results.get(c.id)).filter((r): r is CaseResult => r !== undefined);
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
  if (run.interrupted) findings.push(`run interrupted: ${ordered.length} of ${cases.length} cases completed; incomplete cases are left out`);

  const report: RunReport = {
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
    cases: ordered,
    verdict,
    findings,
    distributions,
    files: [],
  };
  // Paths in the reports as the user would type them (relative to where cutover ran).
  const written = await writeReports(report, displayPath(outDir), withJson(o.reporters), now);
  report.files = written.map((f) => f.slice(outDir.length + 1));

  if (o.json) o.io.stdout(`${JSON.stringify(report)}\n`);
  else if (!o.quiet) o.io.stdout(renderVerdict(report, { color: o.io.isTTY, reportDir: outDir }));
  const summaryFile = o.io.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile && written.some((f) => f.endsWith('summary.md'))) {
    appendFileSync(summaryFile, `${redact(readFileSync(join(outDir, 'summary.md'), 'utf8'), targetSecrets(target))}\n`);
  }
  return { report, exitCode: exitCodeFor(report), outDir };
}

function withJson(formats: readonly string[]): string[] {
  return formats.includes('json') ? [...formats] : ['json', ...formats];
}

export function exitCodeFor(report: RunReport): ExitCode {
  if (report.partial) return EXIT.interrupted;
  return report.verdict.passes === false || report.verdict.verdict === 'fail' ? EXIT.gateFailed : EXIT.pass;
}
