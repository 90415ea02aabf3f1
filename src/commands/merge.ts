/** `merge <dirs…>`: join `eval --shard i/n` report folders into one report and one verdict. */
import { ciEnvironment, sourcePathIn } from '../config/ci.ts';
import { loadConfig } from '../config/load.ts';
import { chosenFormats, REPORTER_HELP } from '../report/index.ts';
import type { Register } from './index.ts';

export const registerMerge: Register = (program, io, setExit) => {
  program
    .command('merge')
    .description('join the report folders of `eval --shard i/n` runs into one report and one verdict (exit codes as eval)')
    .argument('<dirs...>', 'the shard report folders, one per shard')
    .option('-c, --config <file>', 'config file (thresholds and suite order)', 'eval.config.yaml')
    .option('-o, --out <dir>', 'merged report folder (default reports/<timestamp>-<target>-merged)')
    .option('--reporter <list>', REPORTER_HELP)
    .option('--strict', 'an inconclusive verdict fails the gate (default: as the shards ran)')
    .option('-q, --quiet', 'print nothing but errors', false)
    .option('--json', 'print the merged report JSON on stdout (machine output)', false)
    .action(async (dirs: string[], opts: { config: string; out?: string; reporter?: string; strict?: boolean; quiet: boolean; json: boolean }) => {
      const { runMerge } = await import('../merge/merge.ts');
      const ci = ciEnvironment(io.env);
      const loaded = loadConfig(opts.config);
      const { exitCode } = await runMerge({
        dirs,
        loaded,
        out: opts.out,
        reporters: chosenFormats(opts.reporter, ci),
        jobSummaryFile: ci.jobSummaryFile,
        sourcePath: sourcePathIn(ci, loaded.suiteDir, io.cwd),
        strict: opts.strict,
        quiet: opts.quiet,
        json: opts.json,
        io,
      });
      setExit(exitCode);
    });
};
