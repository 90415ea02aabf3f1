/**
 * Reads one shard's report folder for `merge`. Only the fields merge relies on are checked here;
 * the rest is the same tool's own output (the tool version is checked across shards).
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../config/yaml.ts';
import { CutoverError, EXIT } from '../errors.ts';
import type { CaseResult } from '../gate/types.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/types.ts';
import { readRange, scanJsonFile, type ByteRange } from '../util/json-members.ts';

/** Shard results that cannot be merged into one honest report. */
export class ShardMergeError extends CutoverError {
  constructor(message: string, options?: ErrorOptions) {
    super('merge', message, EXIT.usage, options);
  }
}

export type ShardHeader = Omit<RunReport, 'cases'>;

export interface ShardReport {
  /** The folder as the user named it. */
  dir: string;
  /** The shard's report; its cases are read from report.json one at a time, on each pass. */
  report: ShardHeader & { cases: Iterable<CaseResult> };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a shard's report.json without holding its cases: the fields are parsed, the cases only
 * located (util/json-members.ts) and parsed when merge goes through them.
 */
export function readShardReport(dir: string, absDir: string): ShardReport {
  const file = join(absDir, 'report.json');
  const where = displayPath(file);
  const ranges: ByteRange[] = [];
  let scan;
  try {
    scan = scanJsonFile(file, 'cases', (m) => ranges.push(m));
  } catch (e) {
    if (e instanceof SyntaxError) throw new ShardMergeError(`${where}: not a cutover report`, { cause: e });
    const code = (e as NodeJS.ErrnoException).code;
    throw new ShardMergeError(`${where}: cannot read the shard's report (${code === 'ENOENT' ? 'not found — is this an `eval --shard` output folder?' : (code ?? String(e))})`, { cause: e });
  }
  if (!scan.complete) throw new ShardMergeError(`${where}: not JSON`);
  const data: Record<string, unknown> = {};
  const fd = openSync(file, 'r');
  try {
    for (const [k, range] of scan.fields) data[k] = JSON.parse(readRange(fd, range)) as unknown;
  } catch (cause) {
    throw new ShardMergeError(`${where}: not JSON`, { cause });
  } finally {
    closeSync(fd);
  }
  if (data['schemaVersion'] !== REPORT_SCHEMA_VERSION) {
    throw new ShardMergeError(`${where}: report schema version ${String(data['schemaVersion'])}, this cutover reads ${REPORT_SCHEMA_VERSION}`);
  }
  const missing = ['tool', 'target', 'settings', 'gateways', 'totals', 'verdict', 'distributions', 'storedBaseline'].filter((k) => !isObj(data[k]) && typeof data[k] !== 'string');
  const hasCases = scan.container === 'array';
  if (missing.length > 0 || !hasCases) {
    throw new ShardMergeError(`${where}: not a complete cutover report (missing ${[...missing, ...(hasCases ? [] : ['cases'])].join(', ')})`);
  }
  if (!isObj(data['shard'])) throw new ShardMergeError(`${where}: not a shard (run with \`eval --shard i/n\`); an unsharded report needs no merge`);
  const cases: Iterable<CaseResult> = {
    *[Symbol.iterator]() {
      const casesFd = openSync(file, 'r');
      try {
        for (const range of ranges) {
          let c: CaseResult;
          try {
            c = JSON.parse(readRange(casesFd, range)) as CaseResult;
          } catch (cause) {
            throw new ShardMergeError(`${where}: a case is not JSON`, { cause });
          }
          yield c;
        }
      } finally {
        closeSync(casesFd);
      }
    },
  };
  return { dir, report: { ...(data as unknown as ShardHeader), cases } };
}
