/**
 * Reads one shard's report folder for `merge`. Only the fields merge relies on are checked here;
 * the rest is the same tool's own output (the tool version is checked across shards).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../config/yaml.ts';
import { CutoverError, EXIT } from '../errors.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/types.ts';

/** Shard results that cannot be merged into one honest report. */
export class ShardMergeError extends CutoverError {
  constructor(message: string) {
    super('merge', message, EXIT.usage);
  }
}

export interface ShardReport {
  /** The folder as the user named it. */
  dir: string;
  report: RunReport;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readShardReport(dir: string, absDir: string): ShardReport {
  const file = join(absDir, 'report.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ShardMergeError(`${displayPath(file)}: cannot read the shard's report (${code === 'ENOENT' ? 'not found — is this an `eval --shard` output folder?' : (code ?? String(e))})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ShardMergeError(`${displayPath(file)}: not JSON`);
  }
  const where = displayPath(file);
  if (!isObj(data)) throw new ShardMergeError(`${where}: not a cutover report`);
  if (data['schemaVersion'] !== REPORT_SCHEMA_VERSION) {
    throw new ShardMergeError(`${where}: report schema version ${String(data['schemaVersion'])}, this cutover reads ${REPORT_SCHEMA_VERSION}`);
  }
  const missing = ['tool', 'target', 'settings', 'gateways', 'totals', 'verdict', 'distributions', 'storedBaseline'].filter((k) => !isObj(data[k]) && typeof data[k] !== 'string');
  if (missing.length > 0 || !Array.isArray(data['cases'])) {
    throw new ShardMergeError(`${where}: not a complete cutover report (missing ${[...missing, ...(Array.isArray(data['cases']) ? [] : ['cases'])].join(', ')})`);
  }
  if (!isObj(data['shard'])) throw new ShardMergeError(`${where}: not a shard (run with \`eval --shard i/n\`); an unsharded report needs no merge`);
  return { dir, report: data as unknown as RunReport };
}
