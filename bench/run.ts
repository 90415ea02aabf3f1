/**
 * `npm run bench`: micro-benchmarks, the simulators' own capacity, the full eval pipeline versus a
 * plain SDK loop in the same run, the CLI as spawned, and peak memory of 2k/20k-sample runs.
 * Prints a table and writes reports/bench.json. Not part of `npm test`: nothing here is timed
 * against a limit except as reported figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { cliSpawn } from './cli-spawn.ts';
import { simCapacity, startBenchSims, throughput, type ThroughputRow } from './e2e.ts';
import { micro } from './micro.ts';
import { scoringHold } from './scoring.ts';
import { peakRss, type RssRow } from './rss.ts';
import { printTables } from './table.ts';
import { boundHeapGrowth } from '../src/util/heap.ts';

// The same heap policy as the CLI (src/util/heap.ts), for both the pipeline and the plain loop.
boundHeapGrowth(process.execArgv, process.env['NODE_OPTIONS']);

/** 200 cases × repeat 5 × 2 gateways = 2,000 requests per measured run. */
const CASES = 200;
const REPEAT = 5;

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const started = performance.now();

log('micro-benchmarks');
const microRows = [...(await micro()), ...(await scoringHold())];

const host = await startBenchSims();
let simRows: Array<{ concurrency: number; rps: number }>;
const throughputRows: ThroughputRow[] = [];
let cli;
try {
  log('simulator capacity');
  simRows = [await simCapacity(host, { concurrency: 16, requests: 4000 }), await simCapacity(host, { concurrency: 64, requests: 4000 })];
  let warm = true;
  for (const concurrency of [16, 64]) {
    for (const stream of [false, true]) {
      log(`pipeline vs plain loop · concurrency ${concurrency} · ${stream ? 'streamed' : 'non-streamed'}`);
      throughputRows.push(await throughput(host, { concurrency, stream, cases: CASES, repeat: REPEAT, rounds: 2, warm }));
      warm = false;
    }
  }
  log('CLI spawned (bundled CLI, start-up included)');
  cli = await cliSpawn(host, { concurrency: 16, cases: CASES, repeat: REPEAT });
} finally {
  await host.close();
}

log('peak RSS, each run in a fresh process');
const rss: RssRow[] = [
  await peakRss('2,000 samples (200 cases × 5)', 200, 5, 16),
  await peakRss('20,000 samples (2,000 cases × 5)', 2000, 5, 16),
  await peakRss('20,000 samples (200 cases × 50)', 200, 50, 16),
  // Reference only, not an acceptance figure: the same run with V8's default heap growth.
  await peakRss('20,000 samples (2,000 cases × 5), V8 default heap growth', 2000, 5, 16, 'v8-default'),
];

const [small, moreCases, moreRepeats] = rss as [RssRow, RssRow, RssRow];
const nonStreamed = throughputRows.filter((r) => !r.stream);
const ratios = {
  pipelineVsPlain: Object.fromEntries(throughputRows.map((r) => [`c${r.concurrency}-${r.stream ? 'streamed' : 'non-streamed'}`, r.ratio])),
  rss20kCasesVs2k: moreCases.maxRssMB / small.maxRssMB,
  rss20kRepeatsVs2k: moreRepeats.maxRssMB / small.maxRssMB,
  simCapacityVsPlainC16: (simRows[0]?.rps ?? 0) / (nonStreamed.find((r) => r.concurrency === 16)?.plainRps ?? 1),
};
const micros = Object.fromEntries(microRows.map((m) => [m.name, m.meanMs]));
const acceptance = {
  'pipeline ≥ 80 % of plain loop, non-streamed, c16 and c64': nonStreamed.every((r) => r.ratio >= 0.8),
  'peak RSS 20k ≤ 1.5 × 2k (more cases)': ratios.rss20kCasesVs2k <= 1.5,
  'peak RSS 20k ≤ 1.5 × 2k (more repeats)': ratios.rss20kRepeatsVs2k <= 1.5,
  'peak RSS 20k ≤ 200 MB (more cases)': moreCases.maxRssMB <= 200,
  'peak RSS 20k ≤ 200 MB (more repeats)': moreRepeats.maxRssMB <= 200,
  'similarity, 40,000-char unrelated texts < 200 ms': (micros['similarity · 40,000-char unrelated texts'] ?? Infinity) < 200,
  'percentiles, 100k samples < 50 ms': (micros['percentiles · summarise 100k samples'] ?? Infinity) < 50,
};
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: totalmem() / 2 ** 30, node: process.version, platform: process.platform },
  settings: { casesPerRun: CASES, repeat: REPEAT, requestsPerRun: CASES * REPEAT * 2, rounds: 2, simLatency: 'baseMs 0, perTokenMs 0, jitter 0' },
  micro: microRows,
  simCapacity: simRows,
  throughput: throughputRows,
  cli,
  rss,
  ratios,
  acceptance,
  benchDurationS: (performance.now() - started) / 1000,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(printTables(result));
log(`wrote reports/bench.json in ${result.benchDurationS.toFixed(0)} s`);
