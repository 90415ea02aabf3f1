/**
 * The report folder, checked before anything is sent and created only once the run starts: a
 * folder that cannot be written fails at once with exit 2 (never "internal error" after every
 * request was paid for), and a run that fails its preflight leaves no empty folder behind.
 */
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { displayPath } from '../config/yaml.ts';
import { UsageError } from '../errors.ts';

/** `what` names the folder in messages (`--out reports/x`, `the reports folder reports/…`). */
export function checkOutDir(dir: string, what: string): void {
  // The folder itself, or its nearest ancestor that exists: that is where it would be created.
  let existing = dir;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(existing).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(existing) !== existing) {
        existing = dirname(existing);
        continue;
      }
      throw new UsageError(`${what}: cannot use ${displayPath(existing)} (${code ?? String(e)})`, { cause: e });
    }
    if (!isDir) {
      throw new UsageError(
        existing === dir
          ? `${what}: ${displayPath(dir)} is a file, not a folder; name a folder for the reports`
          : `${what}: ${displayPath(existing)} is a file, so no folder can be created under it`,
      );
    }
    break;
  }
  // Permission bits do not tell (root, ACLs, read-only mounts): try to create a folder there.
  try {
    rmdirSync(mkdtempSync(join(existing, '.cutover-write-check-')));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UsageError(`${what}: cannot write in ${displayPath(existing)} (${code}); choose a folder you can write to`, { cause: e });
  }
}
