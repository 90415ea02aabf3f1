/** `rollout --metrics <file…>`: promote / hold / rollback from the canary's per-arm metrics, with a dashboard on request. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { ThresholdsSchema, type Thresholds } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import { analyseRollout } from '../rollout/analysis.ts';
import { renderDashboardHtml } from '../rollout/dashboard-html.ts';
import { renderDashboardPng } from '../rollout/dashboard-png.ts';
import { ROLLOUT_EXIT } from '../rollout/decide.ts';
import { readMetrics } from '../rollout/read.ts';
import { renderRollout, rolloutJson } from '../rollout/render.ts';
import { parseDuration } from '../rollout/series.ts';
import { VERSION } from '../version.ts';
import { positiveInt } from './eval.ts';
import type { Register } from './index.ts';
import { writeOutputFile } from './output-file.ts';

function fraction(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${name} must be a fraction between 0 and 1 (0.01 = one point), got "${v}"`);
    return n;
  };
}

function duration(v: string): number {
  const ms = parseDuration(v);
  if (ms === null) throw new UsageError(`--min-window must be a duration such as 90m, 12h, 7d or 2w, got "${v}"`);
  return ms;
}

/** Thresholds from the config when there is one; the documented defaults otherwise. */
function thresholdsFrom(file: string | undefined, cwd: string): Thresholds {
  const path = resolve(cwd, file ?? 'eval.config.yaml');
  if (file === undefined && !existsSync(path)) return ThresholdsSchema.parse({});
  return loadConfig(path).config.thresholds;
}

interface RolloutOpts {
  metrics: string[];
  config?: string;
  minRequests: number;
  maxErrorIncrease: number;
  minWindow?: number;
  html?: string;
  png?: string;
  json: boolean;
}

export const registerRollout: Register = (program, io, setExit) => {
  program
    .command('rollout')
    .description('decide promote / hold / rollback from canary metrics (exit 0 promote, 1 rollback, 75 hold, 2 bad input), optionally as a dashboard')
    .requiredOption('-m, --metrics <files...>', 'canary metrics file(s): the recorder export (JSON) or per-call records (JSON lines); several are merged')
    .option('-c, --config <file>', 'config file for latency thresholds and alpha (default eval.config.yaml when present)')
    .option('--min-requests <n>', 'requests per arm needed before promoting', positiveInt('--min-requests'), 100)
    .option('--max-error-increase <fraction>', 'largest acceptable error-rate increase, absolute (0.01 = one point)', fraction('--max-error-increase'), 0.01)
    .option('--min-window <duration>', 'candidate traffic to observe before promoting, e.g. 7d for one weekly release cycle (default: not gated)', duration)
    .option('--html <file>', 'also write the dashboard as one self-contained HTML page')
    .option('--png <file>', 'also write the dashboard as a PNG (no browser needed)')
    .option('--json', 'print the decision as JSON', false)
    .action((opts: RolloutOpts) => {
      const metrics = readMetrics(opts.metrics.map((f) => resolve(io.cwd, f)));
      const analysis = analyseRollout(metrics, {
        thresholds: thresholdsFrom(opts.config, io.cwd),
        minRequests: opts.minRequests,
        maxErrorIncrease: opts.maxErrorIncrease,
        minWindowMs: opts.minWindow ?? null,
      });
      const dashboard = { analysis, metrics, files: opts.metrics, version: VERSION, generatedAt: new Date() };
      if (opts.html) io.stderr(`wrote ${writeOutputFile(io.cwd, opts.html, renderDashboardHtml(dashboard), '--html')}\n`);
      if (opts.png) {
        const png = renderDashboardPng(dashboard);
        io.stderr(`wrote ${writeOutputFile(io.cwd, opts.png, png.png, '--png')} (${png.width}×${png.height})\n`);
      }
      io.stdout(opts.json ? rolloutJson(analysis, metrics) : renderRollout(analysis, metrics));
      setExit(ROLLOUT_EXIT[analysis.result.decision]);
    });
};
