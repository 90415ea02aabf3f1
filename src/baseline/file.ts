/**
 * Baseline files: `baseline/<target>.json`, the recorded samples of the baseline gateway per
 * case (with the case hash, so a changed prompt is reported stale, not compared). Written
 * atomically; refused when corrupt or foreign. Never holds a key.
 */
import { readFileSync, renameSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BaselineError } from '../errors.ts';
import { displayPath } from '../config/yaml.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import type { CaseStatus } from '../gate/types.ts';

export const BASELINE_FORMAT = 'cutover-baseline';
export const BASELINE_SCHEMA_VERSION = 1;

const SampleShape = z.looseObject({
  kind: z.enum(['ok', 'error']),
  role: z.enum(['baseline', 'candidate']),
  caseId: z.string(),
  caseHash: z.string(),
  repeat: z.number().int(),
  stream: z.boolean(),
  timings: z.looseObject({ e2eMs: z.number(), queuedMs: z.number() }),
});

const BaselineFileSchema = z.strictObject({
  format: z.literal(BASELINE_FORMAT),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('cutover'), version: z.string() }),
  target: z.string(),
  recordedAt: z.string(),
  gateway: z.strictObject({ name: z.string(), profile: z.string(), baseURL: z.string() }),
  cases: z.record(z.string(), z.strictObject({ hash: z.string(), samples: z.array(SampleShape) })),
});
export type BaselineFile = Omit<z.infer<typeof BaselineFileSchema>, 'cases'> & {
  cases: Record<string, { hash: string; samples: Sample[] }>;
};

/** Read and validate; `null` when the file does not exist. */
export function readBaseline(file: string): BaselineFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new BaselineError(`${displayPath(file)}: cannot read the baseline file (${code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(
      `${displayPath(file)}: the baseline file is not valid JSON (${(e as Error).message}); record it again with \`npm run baseline\``,
      'baseline-corrupt',
    );
  }
  const isObj = json !== null && typeof json === 'object';
  if (!isObj || (json as Record<string, unknown>)['format'] !== BASELINE_FORMAT) {
    throw new BaselineError(`${displayPath(file)}: not a cutover baseline file (field "format" is not "${BASELINE_FORMAT}")`, 'baseline-foreign');
  }
  const r = BaselineFileSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.map(String).join('.') || '(root)' : '(root)';
    throw new BaselineError(
      `${displayPath(file)}: invalid baseline file at ${where}: ${first?.message ?? 'schema error'} (${r.error.issues.length} problem(s)); record it again with \`npm run baseline\``,
      'baseline-invalid',
    );
  }
  return r.data as unknown as BaselineFile;
}

/** The baseline gateway of a run, as a baseline file records it (`simulated:<profile>` for a simulator). */
export interface RecordedGateway {
  name: string;
  profile: string;
  baseURL: string;
}

/**
 * Whether a stored baseline belongs to this run. Refused (exit 2) when it was recorded for another
 * target — a copied or renamed file — unless the target names it with `baselineFile:`, or when it
 * was recorded from another kind of gateway (another profile, or a simulator vs a real gateway):
 * its outputs and timings describe something else. The same kind of gateway under another name
 * or base URL (a moved host) is compared, with a warning. Returns the warnings.
 */
export function checkBaselineFits(stored: BaselineFile, file: string, run: { target: string; named: boolean; gateway: RecordedGateway }): string[] {
  const where = displayPath(file);
  const rec = stored.gateway;
  const simulated = (url: string): boolean => url.startsWith('simulated:');
  const rerecord = `record one with \`npm run baseline -- --target ${run.target}\``;
  if (stored.target !== run.target && !run.named) {
    throw new BaselineError(
      `${where} was recorded for target "${stored.target}" (gateway ${rec.name}, ${rec.baseURL}), not "${run.target}": ${rerecord}, or name it with \`baselineFile:\` under the target in eval.config.yaml to compare across targets on purpose`,
      'baseline-other-target',
    );
  }
  if (rec.profile !== run.gateway.profile || simulated(rec.baseURL) !== simulated(run.gateway.baseURL)) {
    const kind = (g: RecordedGateway): string => `${g.profile} ${simulated(g.baseURL) ? 'simulator' : `gateway at ${g.baseURL}`}`;
    throw new BaselineError(
      `${where} was recorded from a ${kind(rec)} ("${rec.name}"), but target "${run.target}" has a ${kind(run.gateway)} ("${run.gateway.name}") as its baseline gateway: ${rerecord}`,
      'baseline-other-gateway',
    );
  }
  const warnings: string[] = [];
  if (rec.name !== run.gateway.name || rec.baseURL !== run.gateway.baseURL) {
    warnings.push(
      `${where} was recorded from "${rec.name}" (${rec.baseURL}), the baseline gateway is now "${run.gateway.name}" (${run.gateway.baseURL}); compared anyway — ${rerecord} if the gateway changed`,
    );
  }
  return warnings;
}

/** Write via a temp file in the same folder and rename, so a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeBaseline(file: string, data: BaselineFile): void {
  writeFileAtomic(file, `${JSON.stringify(data, null, 1)}\n`);
}

/** How each suite case relates to the stored baseline. */
export function caseStatus(c: PromptCase, stored: BaselineFile | null): CaseStatus {
  if (stored === null) return 'no-baseline';
  const entry = stored.cases[c.id];
  if (entry === undefined) return 'new';
  return entry.hash === c.hash ? 'compared' : 'stale';
}

/** Samples of ordinary cases that failed: a run with any is not recorded without --force. */
export function dirtySamples(samples: Iterable<Sample>, cases: ReadonlyMap<string, PromptCase>): Sample[] {
  const out: Sample[] = [];
  for (const s of samples) {
    const c = cases.get(s.caseId);
    if (s.kind === 'error' && c?.expectError === undefined) out.push(s);
  }
  return out;
}
