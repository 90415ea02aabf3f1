/** Files a command writes on request (`--html`, `--png`): folders made as needed, one clear error otherwise. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../config/yaml.ts';
import { UsageError } from '../errors.ts';

/** Writes `data` to `file` (relative to `cwd`) and returns the path as the user should see it. */
export function writeOutputFile(cwd: string, file: string, data: string | Uint8Array, option: string): string {
  const path = resolve(cwd, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${file}: cannot write (${code ?? String(e)})`, { cause: e });
  }
  return displayPath(path);
}
