import type { Register } from './index.ts';

// Placeholder until the command lands: registered so --help lists it, exits 2 when run.
export const registerRollout: Register = (program, io, setExit) => {
  program
    .command('rollout')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      io.stderr('cutover: rollout is not available yet\n');
      setExit(2);
    });
};
