/**
 * Peak memory of the CLI as users run it (`node bin/cutover.js …` → the dist/ bundle, the CLI's
 * own heap policy), each command in a fresh process, against zero-latency simulators in another
 * process (not counted). bench/rss-probe.mjs reports the process's peak RSS when it exits.
 *
 * One project per size, used the way a team uses cutover: record the baseline (`baseline`), run
 * `eval` against it (the stored baseline is loaded), then the same suite as 8 shards
 * (`eval --shard i/8`) joined by `merge`. Every command handles the size's number of samples.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SimHost } from '../src/sim/host.ts';
import { BENCH_ENV, writeProject } from './project.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/cutover.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export interface RssRow {
  /** `baseline again`: recorded over the stored baseline (it reads the old file's header to say what it replaces). */
  command: 'baseline' | 'eval' | 'merge' | 'baseline again';
  /** Samples the command handled: recorded (baseline), measured (eval), joined (merge). */
  samples: number;
  cases: number;
  wallMs: number;
  maxRssMB: number;
}

async function cli(args: readonly string[], cwd: string): Promise<{ wallMs: number; maxRssMB: number }> {
  const probeFile = join(mkdtempSync(join(tmpdir(), 'cutover-rss-')), 'rss.json');
  const t0 = performance.now();
  try {
    await run(process.execPath, ['--import', PROBE, BIN, ...args], { cwd, env: { ...process.env, ...BENCH_ENV, CUTOVER_BENCH_RSS_OUT: probeFile }, maxBuffer: 16 << 20 }).catch(
      (e: { code?: number; stderr?: string }) => {
        // Exit 1 is a verdict that does not pass: a complete run all the same.
        if (e.code !== 1) throw new Error(`cutover ${args.join(' ')} exited ${String(e.code)}: ${e.stderr ?? ''}`);
      },
    );
    const wallMs = performance.now() - t0;
    const { maxRssKB } = JSON.parse(readFileSync(probeFile, 'utf8')) as { maxRssKB: number };
    return { wallMs, maxRssMB: maxRssKB / 1024 };
  } finally {
    rmSync(join(probeFile, '..'), { recursive: true, force: true });
  }
}

/**
 * `samples` per command: a suite of samples/10 cases; the baseline records 10 repeats of each
 * (one gateway), eval and the shards send 5 repeats to each of the two gateways.
 */
export async function peakRss(host: SimHost, samples: number, shards = 8): Promise<RssRow[]> {
  const cases = samples / 10;
  const [baselineURL, candidateURL] = host.baseURLs as [string, string];
  const project = writeProject({ baselineURL, candidateURL, cases, repeat: 5, stream: false, concurrency: 16 });
  const common = ['--config', project.configFile, '--target', 'bench', '--quiet', '--max-requests', String(4 * samples)];
  try {
    const baseline = await cli(['baseline', ...common, '--repeat', '10', '--force'], project.dir);
    const evaluated = await cli(['eval', ...common, '--out', 'out/full'], project.dir);
    const dirs = Array.from({ length: shards }, (_, i) => `out/shard-${i + 1}`);
    for (const [i, dir] of dirs.entries()) await cli(['eval', ...common, '--shard', `${i + 1}/${shards}`, '--out', dir], project.dir);
    const merged = await cli(['merge', ...dirs, '--config', project.configFile, '--quiet', '--out', 'out/merged'], project.dir);
    const again = await cli(['baseline', ...common, '--repeat', '10', '--force'], project.dir);
    return [
      { command: 'baseline', samples, cases, ...baseline },
      { command: 'eval', samples, cases, ...evaluated },
      { command: 'merge', samples, cases, ...merged },
      { command: 'baseline again', samples, cases, ...again },
    ];
  } finally {
    project.remove();
  }
}
