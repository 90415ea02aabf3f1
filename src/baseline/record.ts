/** `baseline`: run the suite against the baseline gateway only and record its samples. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandIO } from '../commands/context.ts';
import { resolveTarget, type LoadedConfig } from '../config/load.ts';
import { BaselineError, EXIT, type ExitCode } from '../errors.ts';
import { displayPath } from '../config/yaml.ts';
import type { Sample } from '../run/sample.ts';
import { executeRun } from '../run/execute.ts';
import { publicBaseURL } from '../run/gateways.ts';
import { runStamp } from '../run/eval.ts';
import { loadSuite } from '../suite/load.ts';
import { VERSION } from '../version.ts';
import { BASELINE_FORMAT, BASELINE_SCHEMA_VERSION, dirtySamples, writeBaseline, type BaselineFile } from './file.ts';

export interface RecordOptions {
  loaded: LoadedConfig;
  target: string;
  force: boolean;
  repeat?: number | undefined;
  concurrency?: number | undefined;
  quiet: boolean;
  io: CommandIO;
}

export async function recordBaseline(o: RecordOptions): Promise<ExitCode> {
  const target = resolveTarget(o.loaded, o.target, o.io.env);
  const cases = loadSuite(o.loaded.suiteDir, target.repeat);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const recordedAt = new Date();
  const outDir = join(o.loaded.reportsDir, `${runStamp(recordedAt)}-${target.name}-baseline`);
  mkdirSync(outDir, { recursive: true });
  const recorded: Record<string, { hash: string; samples: Sample[] }> = {};
  const dirty: Sample[] = [];
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
      recorded[c.id] = { hash: c.hash, samples: samples.baseline };
      dirty.push(...dirtySamples(samples.baseline, byId));
    },
  });
  if (run.interrupted) {
    o.io.stderr(`cutover: baseline not written: the run was interrupted (samples kept in ${displayPath(run.samplesFile)})\n`);
    return EXIT.interrupted;
  }
  if (dirty.length > 0 && !o.force) {
    const kinds = [...new Set(dirty.map((s) => (s.kind === 'error' ? s.error.kind : 'ok')))].join(', ');
    const ids = [...new Set(dirty.map((s) => s.caseId))].slice(0, 5).join(', ');
    throw new BaselineError(
      `baseline not written: ${dirty.length} request(s) failed (${kinds}; cases ${ids}) — fix the gateway or rerun with --force to record anyway`,
      'baseline-dirty',
    );
  }
  const ordered: BaselineFile['cases'] = {};
  for (const c of cases) {
    const r = recorded[c.id];
    if (r) ordered[c.id] = r;
  }
  const file: BaselineFile = {
    format: BASELINE_FORMAT,
    schemaVersion: BASELINE_SCHEMA_VERSION,
    tool: { name: 'cutover', version: VERSION },
    target: target.name,
    recordedAt: recordedAt.toISOString(),
    gateway: { name: run.gateways.baseline.name, profile: run.gateways.baseline.profile, baseURL: publicBaseURL(run.gateways.baseline) },
    cases: ordered,
  };
  writeBaseline(target.baselineFile, file);
  const n = Object.values(ordered).reduce((a, c) => a + c.samples.length, 0);
  if (!o.quiet) {
    o.io.stdout(`baseline recorded: ${displayPath(target.baselineFile)} — ${Object.keys(ordered).length} cases, ${n} samples from ${file.gateway.name}${dirty.length ? ` (${dirty.length} failed requests recorded with --force)` : ''}\n`);
  }
  return EXIT.pass;
}
