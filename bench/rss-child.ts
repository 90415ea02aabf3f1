/**
 * One eval run in a fresh process, for peak memory: starts its own zero-latency simulators,
 * runs the full pipeline over a generated suite and prints one JSON line with the peak RSS
 * (process.resourceUsage().maxRSS, KB; the simulators' child process is not counted).
 * Usage: bundled by bench/rss.ts into dist/bench-rss-child.js, then node dist/bench-rss-child.js <cases> <repeat> <concurrency>
 */
import { loadConfig } from '../src/config/load.ts';
import { runEval } from '../src/run/eval.ts';
import { REPORTERS, startBenchSims } from './e2e.ts';
import { BENCH_ENV, writeProject } from './project.ts';

const [cases, repeat, concurrency] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const host = await startBenchSims();
const [baselineURL, candidateURL] = host.baseURLs as [string, string];
const project = writeProject({ baselineURL, candidateURL, cases, repeat, stream: false, concurrency });
try {
  const t0 = performance.now();
  const { report } = await runEval({
    loaded: loadConfig(project.configFile),
    target: 'bench',
    out: `${project.dir}/out`,
    reporters: REPORTERS,
    strict: false,
    quiet: true,
    json: false,
    io: { stdout: () => {}, stderr: () => {}, isTTY: false, env: BENCH_ENV, cwd: project.dir, signal: new AbortController().signal },
  });
  const wallMs = performance.now() - t0;
  const errors = report.totals.baseline.errors + report.totals.candidate.errors;
  process.stdout.write(`${JSON.stringify({ samples: report.totals.requests, errors, wallMs, maxRssKB: process.resourceUsage().maxRSS, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 })}\n`);
} finally {
  await host.close();
  project.remove();
}
