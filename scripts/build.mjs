// Bundles the TypeScript sources into dist/ with esbuild (≈0.3 s), so the CLI and the simulator
// child run as plain JavaScript: no TypeScript loader in memory, start-up in a fraction of the time.
//
//   node scripts/build.mjs [--quiet] [--if-stale]
//
// A build records the size and mtime of every input in dist/.inputs.json. With --if-stale (the
// e2e tests' global setup; scripts/cli.mjs, behind `npm run cutover`/`eval`/`baseline`, calls
// buildIfStale() in-process) it builds only when that record differs (a file changed, was added
// or removed) or an entry point's output is missing. The check stats ~250 files: a few ms.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = { cli: 'src/cli.ts', 'sim-child': 'src/sim/child.ts', 'score-worker': 'src/run/score-worker.ts', index: 'src/index.ts' };
/** What the bundle depends on: the sources, the build settings and the locked dependency versions. */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];
const STAMP = join(ROOT, 'dist/.inputs.json');

/** `path size mtime` of every input file, sorted: equal records mean nothing the bundle reads changed. */
function inputsRecord() {
  const files = [];
  for (const input of INPUTS.map((p) => join(ROOT, p))) {
    if (!existsSync(input)) continue;
    if (statSync(input).isDirectory()) {
      for (const e of readdirSync(input, { recursive: true, withFileTypes: true })) if (e.isFile()) files.push(join(e.parentPath, e.name));
    } else files.push(input);
  }
  return files
    .sort()
    .map((f) => {
      const s = statSync(f);
      return `${relative(ROOT, f)} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

function fresh(record) {
  if (!Object.keys(ENTRIES).every((name) => existsSync(join(ROOT, `dist/${name}.js`)))) return false;
  try {
    return readFileSync(STAMP, 'utf8') === record;
  } catch {
    return false;
  }
}

/** Builds dist/ (always). */
export async function build({ quiet = false } = {}) {
  const started = performance.now();
  const record = inputsRecord();
  // Loaded only when building: importing esbuild alone costs more than the whole freshness check.
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: ROOT,
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

/** Builds dist/ unless it is up to date with every input; returns whether it built. */
export async function buildIfStale({ quiet = false } = {}) {
  const started = performance.now();
  if (fresh(inputsRecord())) {
    if (!quiet) console.log(`dist/ is up to date (checked in ${Math.round(performance.now() - started)} ms)`);
    return false;
  }
  await build({ quiet });
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quiet = process.argv.includes('--quiet');
  if (process.argv.includes('--if-stale')) await buildIfStale({ quiet });
  else await build({ quiet });
}
