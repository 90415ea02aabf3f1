/** `migrate <dir> --dry-run | --write`: move an application's gateway references to the new gateway, with a picture on request. */
import { basename, resolve } from 'node:path';
import { EXIT, UsageError } from '../errors.ts';
import { formatPlanSummary } from '../migrate/format.ts';
import { inventory } from '../migrate/inventory.ts';
import { applyMigration, planDiff, planMigration } from '../migrate/migrate.ts';
import { migrationPicture } from '../migrate/picture.ts';
import { renderMigrationHtml } from '../migrate/picture-html.ts';
import { renderMigrationPng } from '../migrate/picture-png.ts';
import { VERSION } from '../version.ts';
import { migrationRules } from './inventory.ts';
import type { Register } from './index.ts';
import { writeOutputFile } from './output-file.ts';

interface MigrateOpts {
  /** Undefined unless given: it has no default, so --help does not say "(default)" twice. */
  dryRun?: boolean;
  write: boolean;
  config?: string;
  json: boolean;
  html?: string;
  png?: string;
}

export const registerMigrate: Register = (program, io, setExit) => {
  program
    .command('migrate')
    .description('rewrite env names, base URLs and model ids for the new gateway: a unified diff (--dry-run, the default) or in place (--write)')
    .argument('<dir>', 'the application folder')
    // No default value: commander would print "(default: false)" after "what it does by default".
    .option('--dry-run', 'print the diff and change nothing (what migrate does without --write)')
    .option('--write', 'apply the changes to the files', false)
    .option('-c, --config <file>', 'config file whose model aliases apply (default eval.config.yaml when present)')
    .option('--html <file>', 'also write the before/after of every file as one page (env values never shown)')
    .option('--png <file>', 'also write the same picture as a PNG, e.g. the guide’s 01-env-migration.png')
    .option('--json', 'print the plan as JSON', false)
    .action(async (dir: string, opts: MigrateOpts) => {
      if (opts.dryRun === true && opts.write) throw new UsageError('migrate: choose one of --dry-run and --write');
      const root = resolve(io.cwd, dir);
      const rules = migrationRules(io, opts.config);
      const plan = await planMigration(root, rules);
      // The picture's variable table comes from the inventory of the files as they were.
      const picture = opts.html || opts.png ? migrationPicture(plan, await inventory(root, rules), { root: basename(root), wrote: opts.write }) : null;
      if (opts.write) await applyMigration(plan);
      if (opts.json) {
        const changes = plan.changes.map((c) => ({ path: c.path, diff: c.diff }));
        io.stdout(`${JSON.stringify({ root: dir, wrote: opts.write, filesScanned: plan.filesScanned, changes, skipped: plan.skipped }, null, 2)}\n`);
      } else {
        // The patch alone on stdout, so `cutover migrate app --dry-run | git apply` works.
        if (!opts.write) io.stdout(planDiff(plan));
        io.stderr(formatPlanSummary(plan, opts.write));
      }
      if (picture && opts.html) io.stderr(`wrote ${writeOutputFile(io.cwd, opts.html, renderMigrationHtml(picture, { version: VERSION, generatedAt: new Date() }), '--html')}\n`);
      if (picture && opts.png) {
        const png = renderMigrationPng(picture, { version: VERSION });
        io.stderr(`wrote ${writeOutputFile(io.cwd, opts.png, png.png, '--png')} (${png.width}×${png.height})\n`);
      }
      setExit(EXIT.pass);
    });
};
