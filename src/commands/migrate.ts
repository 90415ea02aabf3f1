import type { Register } from './index.ts';

// Placeholder until the command lands: registered so --help lists it, exits 2 when run.
export const registerMigrate: Register = (program, io, setExit) => {
  program
    .command('migrate')
    .description('(not available yet)')
    .allowUnknownOption()
    .action(() => {
      io.stderr('cutover: migrate is not available yet\n');
      setExit(2);
    });
};
