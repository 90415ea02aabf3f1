/**
 * Start-up, as a user pays it, each run a new process, alternating with a reference so other load
 * on the machine hits both alike; the figures are medians over the runs.
 * - `cutover --version` (bin/cutover.js → the dist/ bundle) against `node -e 0`: what the CLI's
 *   own start-up adds to Node's.
 * - `npm run eval`'s launcher (scripts/cli.mjs: the freshness check of dist/, nothing to rebuild,
 *   then the CLI in the same process) against `cutover --version` alone: what the check adds.
 *   npm's own start-up (a shell, npm itself) is outside both and not measured.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartupRow {
  what: string;
  against: string;
  runs: number;
  /** Median wall time of the reference, ms. */
  referenceMedianMs: number;
  /** Median wall time of the command, ms. */
  medianMs: number;
  /** Median of (command − reference) over alternating pairs, ms: what the command adds. */
  aboveMs: number;
  /** Smallest command wall time, ms. */
  minMs: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function timed(args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, args, { cwd: ROOT });
  return performance.now() - t0;
}

async function against(what: string, args: readonly string[], reference: string, referenceArgs: readonly string[], runs: number): Promise<StartupRow> {
  await timed(referenceArgs);
  await timed(args);
  const ref: number[] = [];
  const cmd: number[] = [];
  for (let i = 0; i < runs; i++) {
    ref.push(await timed(referenceArgs));
    cmd.push(await timed(args));
  }
  return { what, against: reference, runs, referenceMedianMs: median(ref), medianMs: median(cmd), aboveMs: median(cmd.map((c, i) => c - (ref[i] as number))), minMs: Math.min(...cmd) };
}

export async function startup(runs = 20): Promise<{ version: StartupRow; freshCheck: StartupRow }> {
  // dist/ fresh first, so the launcher below takes the up-to-date path.
  await run(process.execPath, ['scripts/build.mjs', '--quiet', '--if-stale'], { cwd: ROOT });
  const version = ['bin/cutover.js', '--version'];
  return {
    version: await against('cutover --version', version, 'node -e 0', ['-e', '0'], runs),
    freshCheck: await against('scripts/cli.mjs --version (npm run cutover/eval: dist/ up to date)', ['scripts/cli.mjs', '--version'], 'cutover --version', version, runs),
  };
}
