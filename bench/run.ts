/**
 * `npm run bench`: micro-benchmarks, start-up, the full eval pipeline against a plain SDK loop on
 * the same transport and a bare undici loop in the same run, timing overhead against what the
 * simulator actually spent, and peak memory of baseline / eval / merge at 10,000 and 100,000
 * samples. Prints the tables, writes reports/bench.json (every figure and the acceptance table)
 * and reports/bench.md; with --update-docs also the "Last run" section of BENCHMARKS.md.
 * Not part of `npm test`: nothing here is an assertion, every limit is a reported criterion.
 *
 *   npm run bench [-- --only micro,startup,throughput,overhead,rss,distribution] [--samples 100000] [--update-docs]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startBenchSims, throughput, type ThroughputRow } from './e2e.ts';
import { micro, PERCENTILES_100K, SIMILARITY_40K, type MicroRow } from './micro.ts';
import { overhead, stalls, type OverheadRow, type Stalls } from './overhead.ts';
import { peakRss, type RssRow } from './rss.ts';
import { scoringHold } from './scoring.ts';
import { startup, type StartupRow } from './startup.ts';
import { acceptanceOf, type Acceptance } from './acceptance.ts';
import { distributionCost, type DistributionCostRow } from './distribution.ts';
import { printTables } from './table.ts';
import { boundHeapGrowth } from '../src/util/heap.ts';

const SECTIONS = ['micro', 'startup', 'throughput', 'overhead', 'rss', 'distribution'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: { only: { type: 'string' }, samples: { type: 'string', default: '100000' }, 'update-docs': { type: 'boolean', default: false } },
});
const only = new Set((args.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()));
for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
const bigSamples = Number(args.samples);

// The same heap policy as the CLI (src/util/heap.ts), for the in-process pipeline and the loops alike.
boundHeapGrowth(process.execArgv, process.env['NODE_OPTIONS']);

/** 200 cases × repeat 5 × 2 gateways = 2,000 requests per measured throughput run. */
const CASES = 200;
const REPEAT = 5;
/** Rounds of the throughput comparison: each ratio is the median of 5 paired rounds (best of 2 swung ±20–40 % between runs). */
const ROUNDS = 5;

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
const started = performance.now();
/** 1-minute load average at the start and end of each section: how quiet the machine was. */
const load: Partial<Record<Section, { start: number; end: number }>> = {};
async function section<T>(name: Section, f: () => Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  log(`${name} (load average ${loadavg()[0]?.toFixed(2)})`);
  const start = loadavg()[0] ?? NaN;
  const r = await f();
  load[name] = { start, end: loadavg()[0] ?? NaN };
  return r;
}

const microRows: MicroRow[] | undefined = await section('micro', async () => [...(await micro()), ...(await scoringHold())]);
const startupRows: { version: StartupRow; freshCheck: StartupRow } | undefined = await section('startup', () => startup());

const throughputRows: ThroughputRow[] | undefined = await section('throughput', async () => {
  const host = await startBenchSims();
  const rows: ThroughputRow[] = [];
  try {
    let warm = true;
    for (const concurrency of [16, 64]) {
      for (const stream of [false, true]) {
        log(`  pipeline vs SDK loop vs undici loop · concurrency ${concurrency} · ${stream ? 'streamed' : 'non-streamed'}`);
        rows.push(await throughput(host, { concurrency, stream, cases: CASES, repeat: REPEAT, rounds: ROUNDS, warm }));
        warm = false;
      }
    }
  } finally {
    await host.close();
  }
  return rows;
});

const overheadSection: { stalls: Stalls; rows: OverheadRow[] } | undefined = await section('overhead', async () => ({
  stalls: stalls(3000),
  rows: [
    await overhead({ label: 'concurrency 1', concurrency: 1, cases: 20, repeat: 5, baseMs: 50, jitter: 0.2 }),
    await overhead({ label: 'concurrency 64, burst of 128 starts', concurrency: 64, cases: 64, repeat: 4, baseMs: 1000, jitter: 0.5 }),
  ],
}));

const rssRows: RssRow[] | undefined = await section('rss', async () => {
  const host = await startBenchSims();
  try {
    return [...(await peakRss(host, bigSamples / 10)), ...(await peakRss(host, bigSamples))];
  } finally {
    await host.close();
  }
});

const distributionRow: DistributionCostRow | undefined = await section('distribution', async () => {
  const host = await startBenchSims();
  try {
    log('  2,000 sampled cases × 10 samples per arm, the distribution check on vs off');
    return await distributionCost(host, { cases: 2000, repeat: 10, concurrency: 64, rounds: 2 });
  } finally {
    await host.close();
  }
});

const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: totalmem() / 2 ** 30, node: process.version, platform: process.platform },
  sections: [...only],
  load,
  settings: { throughput: { casesPerRun: CASES, repeat: REPEAT, requestsPerRun: CASES * REPEAT * 2, rounds: ROUNDS, simLatency: 'baseMs 0, perTokenMs 0, jitter 0' }, rssSamples: [bigSamples / 10, bigSamples] },
  micro: microRows,
  startup: startupRows,
  throughput: throughputRows,
  overhead: overheadSection?.rows,
  stalls: overheadSection?.stalls,
  rss: rssRows,
  distribution: distributionRow,
  acceptance: [] as Acceptance[],
  benchDurationS: 0,
};
result.acceptance = acceptanceOf(result, { similarity40k: SIMILARITY_40K, percentiles100k: PERCENTILES_100K });
result.benchDurationS = (performance.now() - started) / 1000;
mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench.json', `${JSON.stringify(result, null, 2)}\n`);
const tables = printTables(result);
writeFileSync('reports/bench.md', tables);
process.stdout.write(tables);
if (args['update-docs']) {
  const doc = readFileSync('BENCHMARKS.md', 'utf8');
  const at = doc.indexOf('\n## Last run\n');
  if (at < 0) throw new Error('BENCHMARKS.md has no "## Last run" section to replace');
  writeFileSync('BENCHMARKS.md', `${doc.slice(0, at)}\n## Last run\n\n${tables}`);
  log('updated the "Last run" section of BENCHMARKS.md');
}
log(`wrote reports/bench.json and reports/bench.md in ${result.benchDurationS.toFixed(0)} s`);
