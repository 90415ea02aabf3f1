/** `migrate <dir> --dry-run | --write`: move an application's gateway references to the new gateway. */
import { resolve } from 'node:path';
import { EXIT, UsageError } from '../errors.ts';
import { formatPlanSummary } from '../migrate/format.ts';
import { applyMigration, planDiff, planMigration } from '../migrate/migrate.ts';
import { migrationRules } from './inventory.ts';
import type { Register } from './index.ts';

export const registerMigrate: Register = (program, io, setExit) => {
  program
    .command('migrate')
    .description('rewrite env names, base URLs and model ids for the new gateway: a unified diff (--dry-run, the default) or in place (--write)')
    .argument('<dir>', 'the application folder')
    .option('--dry-run', 'print the diff and change nothing (default)', false)
    .option('--write', 'apply the changes to the files', false)
    .option('-c, --config <file>', 'config file whose model aliases apply (default eval.config.yaml when present)')
    .option('--json', 'print the plan as JSON', false)
    .action(async (dir: string, opts: { dryRun: boolean; write: boolean; config?: string; json: boolean }) => {
      if (opts.dryRun && opts.write) throw new UsageError('migrate: choose one of --dry-run and --write');
      const plan = await planMigration(resolve(io.cwd, dir), migrationRules(io, opts.config));
      if (opts.write) await applyMigration(plan);
      if (opts.json) {
        const changes = plan.changes.map((c) => ({ path: c.path, diff: c.diff }));
        io.stdout(`${JSON.stringify({ root: dir, wrote: opts.write, filesScanned: plan.filesScanned, changes, skipped: plan.skipped }, null, 2)}\n`);
      } else {
        // The patch alone on stdout, so `cutover migrate app --dry-run | git apply` works.
        if (!opts.write) io.stdout(planDiff(plan));
        io.stderr(formatPlanSummary(plan, opts.write));
      }
      setExit(EXIT.pass);
    });
};
