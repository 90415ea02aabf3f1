// `npm run cutover` / `eval` / `baseline` from a checkout: rebuilds dist/ first only if a source
// changed (scripts/build.mjs), then runs the CLI in this same process, so a fresh bundle costs
// one stat pass instead of a second Node start-up.
import { buildIfStale } from './build.mjs';

await buildIfStale({ quiet: true, types: false });
await import('../dist/cli.js');
