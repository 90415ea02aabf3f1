/** End-to-end tests drive the CLI as users run it: the bundle in dist/, rebuilt from the sources first when they changed. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet', '--if-stale'], { cwd: root, stdio: 'inherit' });
}
