/** `rollout --metrics <file…>`: promote / hold / rollback from the canary's per-arm metrics. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { ThresholdsSchema, type Thresholds } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import { decideRollout, ROLLOUT_EXIT } from '../rollout/decide.ts';
import { readMetrics } from '../rollout/read.ts';
import { renderRollout, rolloutJson } from '../rollout/render.ts';
import { positiveInt } from './eval.ts';
import type { Register } from './index.ts';

function fraction(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${name} must be a fraction between 0 and 1 (0.01 = one point), got "${v}"`);
    return n;
  };
}

/** Thresholds from the config when there is one; the documented defaults otherwise. */
function thresholdsFrom(file: string | undefined, cwd: string): Thresholds {
  const path = resolve(cwd, file ?? 'eval.config.yaml');
  if (file === undefined && !existsSync(path)) return ThresholdsSchema.parse({});
  return loadConfig(path).config.thresholds;
}

export const registerRollout: Register = (program, io, setExit) => {
  program
    .command('rollout')
    .description('decide promote / hold / rollback from canary metrics (exit 0 promote, 1 rollback, 75 hold, 2 bad input)')
    .requiredOption('-m, --metrics <files...>', 'canary metrics file(s): the recorder export (JSON) or per-call records (JSON lines)')
    .option('-c, --config <file>', 'config file for latency thresholds and alpha (default eval.config.yaml when present)')
    .option('--min-requests <n>', 'requests per arm needed before promoting', positiveInt('--min-requests'), 100)
    .option('--max-error-increase <fraction>', 'largest acceptable error-rate increase, absolute (0.01 = one point)', fraction('--max-error-increase'), 0.01)
    .option('--json', 'print the decision as JSON', false)
    .action((opts: { metrics: string[]; config?: string; minRequests: number; maxErrorIncrease: number; json: boolean }) => {
      const metrics = readMetrics(opts.metrics.map((f) => resolve(io.cwd, f)));
      const result = decideRollout(metrics, {
        thresholds: thresholdsFrom(opts.config, io.cwd),
        minRequests: opts.minRequests,
        maxErrorIncrease: opts.maxErrorIncrease,
      });
      io.stdout(opts.json ? rolloutJson(result, metrics) : renderRollout(result, metrics));
      setExit(ROLLOUT_EXIT[result.decision]);
    });
};
