import type { Register } from './index.ts';

// Placeholder until the command lands: registered so --help lists it, exits 2 when run.
export const registerModels: Register = (program, io, setExit) => {
  program
    .command('models')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      io.stderr('cutover: models is not available yet\n');
      setExit(2);
    });
};
