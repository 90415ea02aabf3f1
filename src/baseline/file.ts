/**
 * Baseline files: `baseline/<target>.json`, the recorded samples of the baseline gateway per
 * case (with the case hash, so a changed prompt is reported stale, not compared). Written
 * atomically; refused when corrupt or foreign. Never holds a key.
 *
 * Memory stays flat with the file's size: it is written case by case (writeBaselineFile) and read
 * by streaming over it once to validate every case and note where each one is
 * (util/json-members.ts); a case's samples are read back from disk when they are needed.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BaselineError } from '../errors.ts';
import { displayPath } from '../config/yaml.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import type { CaseStatus } from '../gate/types.ts';
import { readRange, scanJsonFile, type ByteRange } from '../util/json-members.ts';

export const BASELINE_FORMAT = 'cutover-baseline' as const;
export const BASELINE_SCHEMA_VERSION = 1 as const;

const SampleShape = z.looseObject({
  kind: z.enum(['ok', 'error']),
  role: z.enum(['baseline', 'candidate']),
  caseId: z.string(),
  caseHash: z.string(),
  repeat: z.number().int(),
  stream: z.boolean(),
  timings: z.looseObject({ e2eMs: z.number(), queuedMs: z.number() }),
});

const HeaderSchema = z.strictObject({
  format: z.literal(BASELINE_FORMAT),
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('cutover'), version: z.string() }),
  target: z.string(),
  recordedAt: z.string(),
  gateway: z.strictObject({ name: z.string(), profile: z.string(), baseURL: z.string() }),
});
const EntrySchema = z.strictObject({ hash: z.string(), samples: z.array(SampleShape) });

/** Everything in a baseline file but its cases. */
export type BaselineHeader = z.infer<typeof HeaderSchema>;
export interface BaselineEntry {
  hash: string;
  samples: Sample[];
}
/** A whole baseline file in memory (tests, small tools); runs use StoredBaseline. */
export type BaselineFile = BaselineHeader & { cases: Record<string, BaselineEntry> };

/** A validated baseline file on disk: its header and case hashes in memory, samples read on demand. */
export interface StoredBaseline extends BaselineHeader {
  /** Hash of every recorded case, by case id, in file order. */
  readonly hashes: ReadonlyMap<string, string>;
  /** A case's recorded samples, read from the file now; null when the case was not recorded. */
  samples(caseId: string): Sample[] | null;
}

const corrupt = (file: string, why: string, cause?: unknown) =>
  new BaselineError(`${displayPath(file)}: the baseline file is not valid JSON (${why}); record it again with \`npm run baseline\``, 'baseline-corrupt', { cause });

function invalid(file: string, error: z.ZodError, prefix: readonly (string | number)[]): BaselineError {
  const first = error.issues[0];
  const where = [...prefix, ...(first?.path ?? [])].map(String).join('.') || '(root)';
  return new BaselineError(
    `${displayPath(file)}: invalid baseline file at ${where}: ${first?.message ?? 'schema error'} (${error.issues.length} problem(s)); record it again with \`npm run baseline\``,
    'baseline-invalid',
  );
}

function parseRange(fd: number, range: ByteRange, file: string): unknown {
  try {
    return JSON.parse(readRange(fd, range)) as unknown;
  } catch (e) {
    throw corrupt(file, (e as Error).message, e);
  }
}

/** Read and validate every case; `null` when the file does not exist. */
export function readBaseline(file: string): StoredBaseline | null {
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new BaselineError(`${displayPath(file)}: cannot read the baseline file (${code ?? String(e)})`, 'baseline', { cause: e });
  }
  const ranges = new Map<string, ByteRange>();
  let scan;
  try {
    scan = scanJsonFile(file, 'cases', (m) => ranges.set(String(m.key), m));
  } catch (e) {
    if (e instanceof SyntaxError) throw new BaselineError(`${displayPath(file)}: not a cutover baseline file (not a JSON object)`, 'baseline-foreign', { cause: e });
    throw new BaselineError(`${displayPath(file)}: cannot read the baseline file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'baseline', { cause: e });
  }
  if (!scan.complete) throw corrupt(file, 'the file ends in the middle of a value');
  const fd = openSync(file, 'r');
  try {
    const fields: Record<string, unknown> = {};
    for (const [k, range] of scan.fields) fields[k] = parseRange(fd, range, file);
    if (fields['format'] !== BASELINE_FORMAT) {
      throw new BaselineError(`${displayPath(file)}: not a cutover baseline file (field "format" is not "${BASELINE_FORMAT}")`, 'baseline-foreign');
    }
    const header = HeaderSchema.safeParse(fields);
    if (!header.success) throw invalid(file, header.error, []);
    if (!scan.found) throw invalid(file, new z.ZodError([{ code: 'invalid_type', expected: 'record', path: [], message: 'Invalid input: expected record, received undefined', input: undefined }]), ['cases']);
    // Every case is parsed and checked once now, so a bad file fails before any request; only
    // its hash and place in the file are kept.
    const hashes = new Map<string, string>();
    for (const [id, range] of ranges) {
      const entry = EntrySchema.safeParse(parseRange(fd, range, file));
      if (!entry.success) throw invalid(file, entry.error, ['cases', id]);
      hashes.set(id, entry.data.hash);
    }
    return { ...header.data, hashes, samples: (caseId) => readSamples(file, stat, ranges.get(caseId)) };
  } finally {
    closeSync(fd);
  }
}

/** One case's samples, from the file as it was validated (a file replaced since is refused). */
function readSamples(file: string, validated: { size: number; mtimeMs: number }, range: ByteRange | undefined): Sample[] | null {
  if (range === undefined) return null;
  const fd = openSync(file, 'r');
  try {
    const now = fstatSync(fd);
    if (now.size !== validated.size || now.mtimeMs !== validated.mtimeMs) {
      throw new BaselineError(`${displayPath(file)}: the baseline file changed while this run was reading it; run again`, 'baseline-changed');
    }
    return (JSON.parse(readRange(fd, range)) as BaselineEntry).samples;
  } finally {
    closeSync(fd);
  }
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
export function checkBaselineFits(stored: BaselineHeader, file: string, run: { target: string; named: boolean; gateway: RecordedGateway }): string[] {
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
  writeAtomicWith(file, (fd) => void writeSync(fd, text));
}

function writeAtomicWith(file: string, write: (fd: number) => void): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      write(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a baseline file case by case, in the order given, holding one case at a time. The text
 * is exactly `JSON.stringify(file, null, 1)` of the whole, so recorded files diff cleanly.
 */
export function writeBaselineFile(file: string, header: BaselineHeader, cases: Iterable<readonly [string, BaselineEntry]>): { cases: number; samples: number } {
  const counts = { cases: 0, samples: 0 };
  writeAtomicWith(file, (fd) => {
    // The header as JSON.stringify lays it out, up to the (empty) cases object it ends with.
    const head = JSON.stringify({ ...header, cases: {} }, null, 1);
    const open = head.slice(0, head.lastIndexOf('{}'));
    let out = `${open}{`;
    let first = true;
    for (const [id, entry] of cases) {
      out += `${first ? '' : ','}\n  ${JSON.stringify(id)}: ${JSON.stringify(entry, null, 1).replaceAll('\n', '\n  ')}`;
      first = false;
      counts.cases++;
      counts.samples += entry.samples.length;
      if (out.length >= 1 << 16) {
        writeSync(fd, out);
        out = '';
      }
    }
    writeSync(fd, `${out}${first ? '}' : '\n }'}\n}\n`);
  });
  return counts;
}

export function writeBaseline(file: string, data: BaselineFile): void {
  const { cases, ...header } = data;
  writeBaselineFile(file, header, Object.entries(cases));
}

/** How each suite case relates to the stored baseline. */
export function caseStatus(c: PromptCase, stored: StoredBaseline | null): CaseStatus {
  if (stored === null) return 'no-baseline';
  const hash = stored.hashes.get(c.id);
  if (hash === undefined) return 'new';
  return hash === c.hash ? 'compared' : 'stale';
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
