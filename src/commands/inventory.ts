/** `inventory <dir>`: where an application refers to its gateway, with file:line. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load.ts';
import { EXIT } from '../errors.ts';
import { formatInventory, removeOldConfigCheck } from '../migrate/format.ts';
import { inventory } from '../migrate/inventory.ts';
import type { MigrationRules } from '../migrate/rules.ts';
import type { CommandIO } from './context.ts';
import type { Register } from './index.ts';

/**
 * Model aliases from the config file. The default file is optional here (an application's
 * folder can be scanned without one); a file named with --config must load.
 */
export function migrationRules(io: CommandIO, config: string | undefined): MigrationRules {
  const file = resolve(io.cwd, config ?? DEFAULT_CONFIG_FILE);
  if (config === undefined && !existsSync(file)) return { aliases: {} };
  return { aliases: loadConfig(file).config.aliases };
}

export const registerInventory: Register = (program, io, setExit) => {
  program
    .command('inventory')
    .description('list every reference to the old gateway in a codebase (env names, base URLs, clients, model ids, fallback chains, retry and timeout settings)')
    .argument('<dir>', 'the application folder to scan')
    .option('-c, --config <file>', `config file whose model aliases apply (default ${DEFAULT_CONFIG_FILE} when present)`)
    .option('--json', 'print the findings as JSON', false)
    .action(async (dir: string, opts: { config?: string; json: boolean }) => {
      const root = resolve(io.cwd, dir);
      const inv = await inventory(root, migrationRules(io, opts.config));
      io.stdout(opts.json ? `${JSON.stringify({ ...inv, root: dir, removeOldConfig: removeOldConfigCheck(inv) }, null, 2)}\n` : formatInventory(inv));
      setExit(EXIT.pass);
    });
};
