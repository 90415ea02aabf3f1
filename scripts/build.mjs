// Bundles the TypeScript sources into dist/ with esbuild (≈0.2 s), so the CLI and the simulator
// child run as plain JavaScript: no TypeScript loader in memory, start-up in a fraction of the time.
// `npm run cutover`/`eval`/`baseline` call this first with --if-stale, so dist/ is never stale and
// a fresh one is not rebuilt: the build records the size and mtime of every input in
// dist/.inputs.json, and --if-stale builds only when that record differs (a file changed, was
// added or removed) or an entry point's output is missing. The check stats ~250 files: a few ms.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ENTRIES = { cli: 'src/cli.ts', 'sim-child': 'src/sim/child.ts', 'score-worker': 'src/run/score-worker.ts', index: 'src/index.ts' };
/** What the bundle depends on: the sources, the build settings and the locked dependency versions. */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
const STAMP = 'dist/.inputs.json';

const quiet = process.argv.includes('--quiet');
const ifStale = process.argv.includes('--if-stale');
const started = performance.now();

/** `path size mtime` of every input file, sorted: equal records mean nothing the bundle reads changed. */
function inputsRecord() {
  const files = [];
  for (const input of INPUTS) {
    if (!existsSync(input)) continue;
    if (statSync(input).isDirectory()) {
      for (const e of readdirSync(input, { recursive: true, withFileTypes: true })) if (e.isFile()) files.push(join(e.parentPath, e.name));
    } else files.push(input);
  }
  return files
    .sort()
    .map((f) => {
      const s = statSync(f);
      return `${f} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

function fresh(record) {
  if (!Object.keys(ENTRIES).every((name) => existsSync(`dist/${name}.js`))) return false;
  try {
    return readFileSync(STAMP, 'utf8') === record;
  } catch {
    return false;
  }
}

const record = inputsRecord();
if (ifStale && fresh(record)) {
  if (!quiet) console.log(`dist/ is up to date (checked in ${Math.round(performance.now() - started)} ms)`);
} else {
  // Loaded only when building: importing esbuild alone costs more than the whole freshness check.
  const { build } = await import('esbuild');
  await build({
    entryPoints: ENTRIES,
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: quiet ? 'warning' : 'info',
  });
  // The record taken before building: an input edited during the build makes the next check stale.
  writeFileSync(STAMP, record);
  if (!quiet) console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
}
