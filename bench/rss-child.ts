/**
 * One eval run in a fresh process, for peak memory: starts its own zero-latency simulators,
 * runs the full pipeline over a generated suite and prints one JSON line with the peak RSS
 * (process.resourceUsage().maxRSS, KB; the simulators' child process is not counted).
 * Like the CLI (src/cli.ts) it bounds V8's heap growth first, unless the 4th argument is `v8-default`.
 * Usage: bundled by bench/rss.ts into dist/bench-rss-child.js, then node dist/bench-rss-child.js <cases> <repeat> <concurrency> [v8-default]
 */
import { loadConfig } from '../src/config/load.ts';
import { boundHeapGrowth } from '../src/util/heap.ts';
import { evalProject, startBenchSims } from './e2e.ts';
import { writeProject } from './project.ts';

const [cases, repeat, concurrency] = process.argv.slice(2, 5).map(Number) as [number, number, number];
if (process.argv[5] !== 'v8-default') boundHeapGrowth(process.execArgv, process.env['NODE_OPTIONS']);
const host = await startBenchSims();
const [baselineURL, candidateURL] = host.baseURLs as [string, string];
const project = writeProject({ baselineURL, candidateURL, cases, repeat, stream: false, concurrency });
try {
  const { requests, errors, wallMs } = await evalProject(loadConfig(project.configFile), project);
  process.stdout.write(`${JSON.stringify({ samples: requests, errors, wallMs, maxRssKB: process.resourceUsage().maxRSS, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 })}\n`);
} finally {
  await host.close();
  project.remove();
}
