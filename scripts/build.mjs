// Bundles the TypeScript sources into dist/ with esbuild (≈0.2 s), so the CLI and the simulator
// child run as plain JavaScript: no TypeScript loader in memory, start-up in a fraction of the time.
// `npm run cutover`/`eval`/`baseline` call this first, so dist/ is never stale.
import { build } from 'esbuild';

const quiet = process.argv.includes('--quiet');
const started = performance.now();
await build({
  entryPoints: { cli: 'src/cli.ts', 'sim-child': 'src/sim/child.ts', 'score-worker': 'src/run/score-worker.ts', index: 'src/index.ts' },
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
if (!quiet) console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
