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
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SimSchema } from '../src/config/schema.ts';
import { startSimulators } from '../src/sim/host.ts';
import { BENCH_ENV, BENCH_KEYS, writeProject } from './project.ts';

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

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number));
  return { n: s.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: s.at(-1) ?? NaN };
}

export async function overhead(spec: OverheadSpec): Promise<OverheadRow> {
  const sim = SimSchema.parse({ seed: 11, latency: { baseMs: spec.baseMs, perTokenMs: 0, jitter: spec.jitter } });
  // One process per simulated gateway, as real gateways are separate servers: in one shared
  // process, generating one gateway's answer (~1 ms) delayed the other's arrival stamp, and that
  // simulator-side wait was counted as the CLI's overhead.
  const hosts = await Promise.all([
    startSimulators([{ profile: 'llmgateway', apiKey: BENCH_KEYS.baseline, sim }]),
    startSimulators([{ profile: 'aistats', apiKey: BENCH_KEYS.candidate, sim }]),
  ]);
  const [baselineURL, candidateURL] = hosts.map((h) => h.baseURLs[0]) as [string, string];
  const project = writeProject({ baselineURL, candidateURL, cases: spec.cases, repeat: spec.repeat, stream: 'both', concurrency: spec.concurrency, warmup: 2 });
  try {
    const bin = fileURLToPath(new URL('../bin/cutover.js', import.meta.url));
    const out = `${project.dir}/out`;
    await run(process.execPath, [bin, 'eval', '--config', project.configFile, '--target', 'bench', '--quiet', '--out', out], { env: { ...process.env, ...BENCH_ENV }, cwd: project.dir }).catch(
      (e: { code?: number }) => {
        // Exit 1 (a gate verdict) is a complete run; only the timings matter here.
        if (e.code !== 1) throw e;
      },
    );
    const injected = new Map<string, Injected>();
    for (const url of [baselineURL, candidateURL]) {
      const res = await fetch(new URL('/__sim/injected', url));
      for (const [id, v] of Object.entries((await res.json()) as Record<string, Injected>)) injected.set(id, v);
    }
    const samples = readFileSync(`${out}/samples.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedSample)
      .filter((s) => s.kind === 'ok');
    const e2e: number[] = [];
    const ttft: number[] = [];
    const first: number[] = [];
    let unmatched = 0;
    // The first wave: the earliest 2 × concurrency measured starts.
    const firstWave = new Set([...samples].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).slice(0, 2 * spec.concurrency));
    for (const s of samples) {
      const inj = s.requestId === null ? undefined : injected.get(s.requestId);
      if (inj === undefined) {
        unmatched++;
        continue;
      }
      const d = s.timings.e2eMs - inj.e2eMs;
      e2e.push(d);
      if (firstWave.has(s)) first.push(d);
      if (s.stream && s.timings.ttftMs !== null && inj.ttftMs !== null) ttft.push(s.timings.ttftMs - inj.ttftMs);
    }
    return { ...spec, e2e: spread(e2e), ttft: spread(ttft), firstWaveE2e: spread(first), unmatched };
  } finally {
    project.remove();
    await Promise.all(hosts.map((h) => h.close()));
  }
}
