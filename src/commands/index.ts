/** Every subcommand, registered in one list (one module per command). */
import type { Command } from 'commander';
import type { ExitCode } from '../errors.ts';
import type { CommandIO } from './context.ts';
import { registerEval, registerBaseline } from './eval.ts';
import { registerServeSim } from './serve-sim.ts';
import { registerHealth } from './health.ts';
import { registerModels } from './models.ts';
import { registerInventory } from './inventory.ts';
import { registerMigrate } from './migrate.ts';
import { registerMerge } from './merge.ts';
import { registerRollout } from './rollout.ts';

export type Register = (program: Command, io: CommandIO, setExit: (code: ExitCode) => void) => void;

export const COMMANDS: readonly Register[] = [
  registerEval,
  registerBaseline,
  registerServeSim,
  registerHealth,
  registerModels,
  registerInventory,
  registerMigrate,
  registerMerge,
  registerRollout,
];
