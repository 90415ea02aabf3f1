// Bundles the TypeScript sources into dist/ with esbuild (≈0.3 s), so the CLI and the simulator
// child run as plain JavaScript: no TypeScript loader in memory, start-up in a fraction of the time;
// and emits the package's type declarations (dist/**/*.d.ts, tsc from src/index.ts, a few seconds).
//
//   node scripts/build.mjs [--quiet] [--if-stale] [--no-types]
//
// `npm ci`/`npm pack` (prepare) and `npm run build` build both; scripts/cli.mjs (`npm run eval` …)
// only the bundle. A build with declarations starts from an empty dist/, so no stale chunk
// (their names carry a hash) is ever packed.
//
// A build records the size and mtime of every input in dist/.inputs.json. With --if-stale (the
// e2e tests' global setup; scripts/cli.mjs, behind `npm run cutover`/`eval`/`baseline`, calls
// buildIfStale() in-process) it builds only when that record differs (a file changed, was added
// or removed) or an entry point's output is missing. The check stats ~250 files: a few ms.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = { cli: 'src/cli.ts', 'sim-child': 'src/sim/child.ts', 'score-worker': 'src/run/score-worker.ts', 'transport-worker': 'src/gateway/transport-worker.ts', index: 'src/index.ts' };
/** What the bundle depends on: the sources, the build settings and the locked dependency versions. */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs'];
const STAMP = join(ROOT, 'dist/.inputs.json');
/** Appended to the stamp when the declarations were built from the same inputs. */
const WITH_TYPES = '\n(with declarations)';

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

function fresh(record, types) {
  if (!Object.keys(ENTRIES).every((name) => existsSync(join(ROOT, `dist/${name}.js`)))) return false;
  try {
    const stamp = readFileSync(STAMP, 'utf8');
    return stamp === record + WITH_TYPES || (!types && stamp === record);
  } catch {
    return false;
  }
}

/** Builds dist/ (always): the bundle, and the declarations unless `types` is false. */
export async function build({ quiet = false, types = true } = {}) {
  const started = performance.now();
  const record = inputsRecord();
  if (types) rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
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
  if (types) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  }
  // The record taken before building: an input edited during the build makes the next check stale.
  writeFileSync(STAMP, types ? record + WITH_TYPES : record);
  if (!quiet) console.log(`built dist/${types ? ' with declarations' : ''} in ${Math.round(performance.now() - started)} ms`);
}

/** Builds dist/ unless it is up to date with every input (declarations included when `types`); returns whether it built. */
export async function buildIfStale({ quiet = false, types = true } = {}) {
  const started = performance.now();
  if (fresh(inputsRecord(), types)) {
    if (!quiet) console.log(`dist/ is up to date (checked in ${Math.round(performance.now() - started)} ms)`);
    return false;
  }
  await build({ quiet, types });
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quiet = process.argv.includes('--quiet');
  const types = !process.argv.includes('--no-types');
  if (process.argv.includes('--if-stale')) await buildIfStale({ quiet, types });
  else await build({ quiet, types });
}
