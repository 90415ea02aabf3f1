/** `eval` (the main job) and `baseline` (record the reference). */
import { Option } from 'commander';
import { ciEnvironment, sourcePathIn } from '../config/ci.ts';
import { loadConfig } from '../config/load.ts';
import { MAX_CONCURRENCY, MAX_REPEAT } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import { chosenFormats, REPORTER_HELP } from '../report/index.ts';
import { DEFAULT_MAX_REQUESTS } from '../run/plan.ts';
import { parseShard } from '../run/shard.ts';
import { parseGrep } from '../run/select.ts';
import type { Register } from './index.ts';

export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${v}"`);
    if (n > max) throw new UsageError(`${name} must be at most ${max.toLocaleString('en-US')}, got ${v}`);
    return n;
  };
}


export const registerEval: Register = (program, io, setExit) => {
  program
    .command('eval')
    .description('replay the golden prompts against both gateways, score against the baseline, and print one verdict')
    .option('-t, --target <name>', 'target from the config file', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('-o, --out <dir>', 'report folder (default reports/<timestamp>-<target>)')
    .option('--concurrency <n>', `requests in flight per gateway, at most ${MAX_CONCURRENCY} (overrides the config)`, positiveInt('--concurrency', MAX_CONCURRENCY))
    .option('--repeat <n>', `samples per case per gateway per transport, at most ${MAX_REPEAT.toLocaleString('en-US')} (overrides the config)`, positiveInt('--repeat', MAX_REPEAT))
    .option('--max-requests <n>', 'stop before sending when the run would send more requests than this (exit 2)', positiveInt('--max-requests'), DEFAULT_MAX_REQUESTS)
    .option('--plan', 'print what the run would send (requests, tokens, cost) and exit without sending', false)
    .option('--reporter <list>', REPORTER_HELP)
    .option('--grep <regex>', 'run only the cases whose id or a tag matches (no match: exit 2)')
    .option('--shard <i/n>', 'run a stable slice of the cases (CI matrix); join with `cutover merge`; an empty slice exits 0')
    .option('--strict', 'an inconclusive verdict fails the gate', false)
    .option('-q, --quiet', 'print nothing but errors', false)
    .addOption(new Option('--json', 'print the report JSON on stdout (machine output)').default(false))
    .action(async (opts: { target: string; config: string; out?: string; concurrency?: number; repeat?: number; maxRequests: number; plan: boolean; reporter?: string; grep?: string; shard?: string; strict: boolean; quiet: boolean; json: boolean }) => {
      // Imported on use: `--help` and the light commands stay fast.
      const { planEval, runEval } = await import('../run/eval.ts');
      const ci = ciEnvironment(io.env);
      const loaded = loadConfig(opts.config);
      const options = {
        loaded,
        target: opts.target,
        out: opts.out,
        concurrency: opts.concurrency,
        repeat: opts.repeat,
        reporters: chosenFormats(opts.reporter, ci),
        jobSummaryFile: ci.jobSummaryFile,
        sourcePath: sourcePathIn(ci, loaded.suiteDir, io.cwd),
        strict: opts.strict,
        quiet: opts.quiet,
        json: opts.json,
        shard: opts.shard !== undefined ? parseShard(opts.shard) : undefined,
        grep: opts.grep !== undefined ? parseGrep(opts.grep) : undefined,
        maxRequests: opts.maxRequests,
        io,
      };
      setExit(opts.plan ? planEval(options) : (await runEval(options)).exitCode);
    });
};

export const registerBaseline: Register = (program, io, setExit) => {
  program
    .command('baseline')
    .description('record baseline/<target>.json from the baseline gateway (review it in a PR)')
    .option('-t, --target <name>', 'target from the config file', 'local')
    .option('-c, --config <file>', 'config file', 'eval.config.yaml')
    .option('--force', 'record even when some requests failed', false)
    .option('--concurrency <n>', `requests in flight, at most ${MAX_CONCURRENCY} (overrides the config)`, positiveInt('--concurrency', MAX_CONCURRENCY))
    .option('--repeat <n>', `samples per case per transport, at most ${MAX_REPEAT.toLocaleString('en-US')} (overrides the config)`, positiveInt('--repeat', MAX_REPEAT))
    .option('--max-requests <n>', 'stop before sending when the run would send more requests than this (exit 2)', positiveInt('--max-requests'), DEFAULT_MAX_REQUESTS)
    .option('-q, --quiet', 'print nothing but errors', false)
    .action(async (opts: { target: string; config: string; force: boolean; concurrency?: number; repeat?: number; maxRequests: number; quiet: boolean }) => {
      const { recordBaseline } = await import('../baseline/record.ts');
      setExit(
        await recordBaseline({
          loaded: loadConfig(opts.config),
          target: opts.target,
          force: opts.force,
          repeat: opts.repeat,
          concurrency: opts.concurrency,
          maxRequests: opts.maxRequests,
          quiet: opts.quiet,
          io,
        }),
      );
    });
};
