/**
 * Every subcommand, in one list (one module per command). A command's module (and everything it
 * imports: the SDK, zod, yaml …) is loaded only when that command runs or help lists it, so
 * `cutover --version` and each command start without loading the others.
 */
import type { Command } from 'commander';
import type { ExitCode } from '../errors.ts';
import type { CommandIO } from './context.ts';

export type Register = (program: Command, io: CommandIO, setExit: (code: ExitCode) => void) => void;

export interface CommandEntry {
  /** The name the module registers (`program.command(name)`); command.test.ts checks they agree. */
  name: string;
  load: () => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'eval', load: async () => (await import('./eval.ts')).registerEval },
  { name: 'baseline', load: async () => (await import('./eval.ts')).registerBaseline },
  { name: 'serve-sim', load: async () => (await import('./serve-sim.ts')).registerServeSim },
  { name: 'health', load: async () => (await import('./health.ts')).registerHealth },
  { name: 'models', load: async () => (await import('./models.ts')).registerModels },
  { name: 'inventory', load: async () => (await import('./inventory.ts')).registerInventory },
  { name: 'migrate', load: async () => (await import('./migrate.ts')).registerMigrate },
  { name: 'merge', load: async () => (await import('./merge.ts')).registerMerge },
  { name: 'rollout', load: async () => (await import('./rollout.ts')).registerRollout },
];

const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The commands argv needs registered: none for `--version`, the one it names (`eval …`,
 * `help eval`), and all of them otherwise (the command list of `--help`, or commander's
 * "did you mean" for an unknown command).
 */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  const [first, second] = argv;
  if (first !== undefined && VERSION_FLAGS.has(first)) return [];
  const named = first === 'help' ? second : first;
  const one = COMMANDS.filter((c) => c.name === named);
  return one.length > 0 ? one : COMMANDS;
}

/**
 * What the first Ctrl-C does, as the command running says it: eval and baseline finish the
 * requests in flight and write what they have; serve-sim just stops its servers.
 */
export function interruptNote(argv: readonly string[]): string {
  const command = argv.find((a) => !a.startsWith('-'));
  switch (command) {
    case 'eval':
    case 'baseline':
      return 'stopping — finishing what is in flight and keeping the results (Ctrl-C again to quit now)';
    case 'serve-sim':
      return 'stopping the simulated gateways';
    default:
      return 'stopping (Ctrl-C again to quit now)';
  }
}
