// Regenerates the README's two pictures, the migration guide's checkpoints, from the repo alone:
//   docs/images/01-env-migration.png  — `migrate --dry-run --png` on the acme-support test fixture;
//   docs/images/02-canary-metrics.png — `rollout --png` on the simulated degrading canary
//                                        (test/helpers/canary-scenario.ts, against serve-sim).
// Run: npm run build && npx tsx scripts/readme-pictures.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDegradingCanary } from '../test/helpers/canary-scenario.ts';
import { ROOT, runCli } from '../test/helpers/cli.ts';

const images = join(ROOT, 'docs/images');
const migrate = await runCli(['migrate', 'test/fixtures/acme-support', '--dry-run', '--png', join(images, '01-env-migration.png')]);
process.stderr.write(migrate.stderr);
const files = await runDegradingCanary(mkdtempSync(join(tmpdir(), 'cutover-readme-canary-')));
const rollout = await runCli(['rollout', '--metrics', ...files.metrics, '--min-window', '7d', '--png', join(images, '02-canary-metrics.png')]);
process.stdout.write(rollout.stdout);
process.stderr.write(rollout.stderr);
