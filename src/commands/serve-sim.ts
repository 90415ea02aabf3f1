import type { Register } from './index.ts';

// Placeholder until the command lands: registered so --help lists it, exits 2 when run.
export const registerServeSim: Register = (program, io, setExit) => {
  program
    .command('serve-sim')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      io.stderr('cutover: serve-sim is not available yet\n');
      setExit(2);
    });
};
