/**
 * Timing overhead: what `cutover eval` measures minus what the simulated gateway actually spent on
 * the same request. The simulator records, per request id, arrival → last byte written (its own
 * timer lateness included) and arrival → first content frame (GET /__sim/injected); the CLI's
 * samples.jsonl holds what it measured under the same ids. Their difference is the harness's
 * overhead plus loopback: request building and sending, the simulator's HTTP parsing before it
 * timestamps arrival, the response's way back, and any wait of the CLI's event loop.
 *
 * The CLI runs as users run it (a new process, bin/cutover.js → dist/), every report format on,
 * against simulators with an LLM-like latency, each gateway in its own process.
 *
 * Just before, the same requests go from a bare loop (bench/plain.ts `wireLoop`: no SDK, no
 * cutover, stamped where cutover stamps, at the write and at the last byte, on a thread that does
 * nothing else) to fresh simulators of the same kind, and the same difference is taken: the
 * reference. It is this machine's floor under any client's overhead — the loopback, HTTP parsing
 * on both sides, and the time a thread with bytes to read waits for one of the cores (on a shared
 * VM, also for its virtual CPU).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { SimSchema } from '../src/config/schema.ts';
import { startSimulators } from '../src/sim/host.ts';
import { loadSuite } from '../src/suite/load.ts';
import { benchArms, wireLoop, type TimedExchange } from './plain.ts';
import { BENCH_ENV, BENCH_KEYS, writeProject, type BenchProject } from './project.ts';

const run = promisify(execFile);

export interface OverheadSpec {
  label: string;
  /** Requests in flight per gateway; the first wave starts 2 × concurrency requests at once. */
  concurrency: number;
  cases: number;
  repeat: number;
  /** The simulator's latency: base and ± jitter fraction (uniform). */
  baseMs: number;
  jitter: number;
}

export interface Spread {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface OverheadRow extends OverheadSpec {
  /** Measured E2E − injected E2E, every request (both gateways, non-streamed and streamed). */
  e2e: Spread;
  /** Measured TTFT − injected TTFT, streamed requests. */
  ttft: Spread;
  /** The same for the requests of the first wave only (the burst of starts). */
  firstWaveE2e: Spread;
  /** Samples the simulator had no record of (should be 0). */
  unmatched: number;
  /** The same requests from a wire-stamped bare loop against fresh simulators (no TTFT: it does not parse frames). */
  reference: { e2e: Spread; firstWaveE2e: Spread; unmatched: number };
}

interface Injected {
  ttftMs: number | null;
  e2eMs: number;
  arrivedAtEpochMs?: number;
}

interface LoggedSample {
  kind: string;
  requestId: string | null;
  stream: boolean;
  startedAt: string;
  timings: { e2eMs: number; ttftMs: number | null };
}

/** How often a thread that never yields is held off its core: gaps ≥ 0.5 ms between two readings of the clock. */
export interface Stalls {
  spunMs: number;
  count: number;
  totalMs: number;
  longestMs: number;
}

/**
 * Spins on performance.now() for `ms` with nothing else running in this process and counts the
 * gaps: on a dedicated core there are none; on a shared virtual machine each is time the virtual
 * CPU was taken away (or an interrupt ran), and any thread waiting for bytes can lose the same.
 */
export function stalls(ms: number): Stalls {
  const end = performance.now() + ms;
  let last = performance.now();
  let count = 0;
  let totalMs = 0;
  let longestMs = 0;
  for (let t = last; t < end; t = performance.now()) {
    const gap = t - last;
    if (gap >= 0.5) {
      count++;
      totalMs += gap;
      longestMs = Math.max(longestMs, gap);
    }
    last = t;
  }
  return { spunMs: ms, count, totalMs, longestMs };
}

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number));
  return { n: s.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: s.at(-1) ?? NaN };
}

/** Measured minus injected, per request id; the first wave is the earliest 2 × concurrency starts. */
interface Timed {
  requestId: string | null;
  e2eMs: number;
  /** Orders the starts (any clock, one per run). */
  startKey: number;
  ttftMs?: number | null;
}

function differences(timed: readonly Timed[], injected: ReadonlyMap<string, Injected>, concurrency: number): { e2e: Spread; ttft: Spread; firstWaveE2e: Spread; unmatched: number } {
  const e2e: number[] = [];
  const ttft: number[] = [];
  const first: number[] = [];
  let unmatched = 0;
  const firstWave = new Set([...timed].sort((a, b) => a.startKey - b.startKey).slice(0, 2 * concurrency));
  for (const t of timed) {
    const inj = t.requestId === null ? undefined : injected.get(t.requestId);
    if (inj === undefined) {
      unmatched++;
      continue;
    }
    const d = t.e2eMs - inj.e2eMs;
    e2e.push(d);
    if (firstWave.has(t)) first.push(d);
    if (t.ttftMs != null && inj.ttftMs !== null) ttft.push(t.ttftMs - inj.ttftMs);
  }
  return { e2e: spread(e2e), ttft: spread(ttft), firstWaveE2e: spread(first), unmatched };
}

/** Warm-up requests per gateway, for cutover (`warmup` in the project) and the bare loop alike. */
const WARMUP = 2;

/** Two fresh simulators (one process per gateway) and a bench project pointing at them, for one run. */
async function withSimulators<T>(spec: OverheadSpec, run: (project: BenchProject, urls: readonly [string, string], injected: () => Promise<Map<string, Injected>>) => Promise<T>): Promise<T> {
  const sim = SimSchema.parse({ seed: 11, latency: { baseMs: spec.baseMs, perTokenMs: 0, jitter: spec.jitter } });
  // One process per simulated gateway, as real gateways are separate servers: in one shared
  // process, generating one gateway's answer (~1 ms) delayed the other's arrival stamp, and that
  // simulator-side wait was counted as the CLI's overhead.
  const hosts = await Promise.all([
    startSimulators([{ profile: 'llmgateway', apiKey: BENCH_KEYS.baseline, sim }]),
    startSimulators([{ profile: 'aistats', apiKey: BENCH_KEYS.candidate, sim }]),
  ]);
  const urls = hosts.map((h) => h.baseURLs[0]) as [string, string];
  const project = writeProject({ baselineURL: urls[0], candidateURL: urls[1], cases: spec.cases, repeat: spec.repeat, stream: 'both', concurrency: spec.concurrency, warmup: WARMUP });
  const injected = async () => {
    const all = new Map<string, Injected>();
    for (const url of urls) {
      const res = await fetch(new URL('/__sim/injected', url));
      for (const [id, v] of Object.entries((await res.json()) as Record<string, Injected>)) all.set(id, v);
    }
    return all;
  };
  try {
    return await run(project, urls, injected);
  } finally {
    project.remove();
    await Promise.all(hosts.map((h) => h.close()));
  }
}


/** The wire-stamped bare loop's overhead for the same requests (the machine's floor). */
async function reference(spec: OverheadSpec): Promise<OverheadRow['reference']> {
  return withSimulators(spec, async (project, urls, injected) => {
    const loaded = loadConfig(project.configFile);
    const timed: TimedExchange[] = [];
    await wireLoop(
      { cases: loadSuite(loaded.suiteDir, spec.repeat), repeat: spec.repeat, arms: benchArms(...urls), aliases: loaded.config.aliases, concurrency: spec.concurrency, warmup: WARMUP },
      (t) => timed.push(t),
    );
    const d = differences(
      timed.map((t) => ({ requestId: t.requestId, e2eMs: t.endMs - t.startMs, startKey: t.startMs })),
      await injected(),
      spec.concurrency,
    );
    return { e2e: d.e2e, firstWaveE2e: d.firstWaveE2e, unmatched: d.unmatched };
  });
}

export async function overhead(spec: OverheadSpec): Promise<OverheadRow> {
  const ref = await reference(spec);
  return withSimulators(spec, async (project, _urls, injected) => {
    const bin = fileURLToPath(new URL('../bin/cutover.js', import.meta.url));
    const out = `${project.dir}/out`;
    await run(process.execPath, [bin, 'eval', '--config', project.configFile, '--target', 'bench', '--quiet', '--out', out], { env: { ...process.env, ...BENCH_ENV }, cwd: project.dir }).catch(
      (e: { code?: number }) => {
        // Exit 1 (a gate verdict) is a complete run; only the timings matter here.
        if (e.code !== 1) throw e;
      },
    );
    const samples = readFileSync(`${out}/samples.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedSample)
      .filter((s) => s.kind === 'ok');
    const d = differences(
      samples.map((s) => ({ requestId: s.requestId, e2eMs: s.timings.e2eMs, startKey: Date.parse(s.startedAt), ttftMs: s.stream ? s.timings.ttftMs : null })),
      await injected(),
      spec.concurrency,
    );
    return { ...spec, ...d, reference: ref };
  });
}
