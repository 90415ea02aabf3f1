/**
 * End-to-end throughput: the full eval pipeline (runEval: config, suite, executeRun, scoring,
 * gate, every report format) against a plain SDK + p-limit loop on the same transport and a bare
 * undici.request loop (bench/plain.ts), all sending the same requests to the same zero-latency
 * simulators in one child process, in the same run; plus the simulators' own capacity.
 */
import { SimSchema } from '../src/config/schema.ts';
import { loadConfig, type LoadedConfig } from '../src/config/load.ts';
import { runEval } from '../src/run/eval.ts';
import { startSimulators, type SimHost } from '../src/sim/host.ts';
import { median } from '../src/score/stats.ts';
import { loadSuite } from '../src/suite/load.ts';
import { benchArms, sdkLoop, undiciLoop } from './plain.ts';
import { BENCH_ENV, BENCH_KEYS, writeProject, type BenchProject } from './project.ts';

export const REPORTERS = ['json', 'csv', 'markdown', 'junit', 'html'];

/** One full `cutover eval` of a bench project, in this process, silent: the pipeline side of every figure. */
export async function evalProject(loaded: LoadedConfig, project: Pick<BenchProject, 'dir'>): Promise<{ requests: number; wallMs: number; requestMs: number; errors: number }> {
  const t0 = performance.now();
  const { report } = await runEval({
    loaded,
    target: 'bench',
    out: `${project.dir}/out`,
    reporters: REPORTERS,
    // The bench sizes its runs on purpose; the guard against an accidental huge run is not for it.
    maxRequests: Number.MAX_SAFE_INTEGER,
    strict: false,
    quiet: true,
    json: false,
    io: { stdout: () => {}, stderr: () => {}, isTTY: false, env: BENCH_ENV, cwd: project.dir, signal: new AbortController().signal },
  });
  const errors = report.totals.baseline.errors + report.totals.candidate.errors;
  return { requests: report.totals.requests, wallMs: performance.now() - t0, requestMs: report.totals.durationMs, errors };
}

export async function startBenchSims(): Promise<SimHost> {
  // Capacity runs: no latency model, no jitter, no faults — the server answers as fast as it can.
  const sim = SimSchema.parse({ seed: 5, latency: { baseMs: 0, perTokenMs: 0, jitter: 0 } });
  return startSimulators([
    { profile: 'llmgateway', apiKey: BENCH_KEYS.baseline, sim },
    { profile: 'aistats', apiKey: BENCH_KEYS.candidate, sim },
  ]);
}

type Side = 'undici' | 'sdk' | 'pipeline';
const SIDES: readonly Side[] = ['undici', 'sdk', 'pipeline'];

export interface ThroughputRow {
  concurrency: number;
  stream: boolean;
  requests: number;
  /** Rounds measured (each side once per round, in a rotated order). */
  rounds: number;
  /**
   * Requests per second of each side: the bare undici.request loop (the transport's ceiling), the
   * plain openai SDK + p-limit loop on the same transport, and runEval (wall clock from config
   * load to the last report written); the median over the rounds.
   */
  rps: Record<Side, number>;
  /** Requests per second of the pipeline's request phase alone (executeRun's duration). */
  requestPhaseRps: number;
  /** Pipeline wall time spent outside executeRun: config, suite, gate, report writing, ms. */
  outsideRequestsMs: number;
  /** CPU time of this process (all its threads: the transport and scoring workers too) per request, ms; the median over the rounds. */
  cpuMsPerRequest: Record<Side, number>;
  /** pipeline ÷ undici and pipeline ÷ SDK loop (req/s), and pipeline CPU ÷ SDK loop CPU: each the median of the rounds' ratios. */
  ratios: { pipelineVsUndici: number; pipelineVsSdk: number; cpuPipelineVsSdk: number };
  /** The smallest and largest of each ratio over the rounds: how much one round can move it. */
  ratioRanges: { pipelineVsUndici: [number, number]; pipelineVsSdk: [number, number]; cpuPipelineVsSdk: [number, number] };
  errors: Record<Side, number>;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

export async function throughput(host: SimHost, o: { concurrency: number; stream: boolean; cases: number; repeat: number; rounds: number; warm: boolean }): Promise<ThroughputRow> {
  const [baselineURL, candidateURL] = host.baseURLs as [string, string];
  const project = writeProject({ baselineURL, candidateURL, cases: o.cases, repeat: o.repeat, stream: o.stream, concurrency: o.concurrency });
  try {
    const loaded = loadConfig(project.configFile);
    const cases = loadSuite(loaded.suiteDir, o.repeat);
    const plain = { cases, repeat: o.repeat, arms: benchArms(baselineURL, candidateURL), aliases: loaded.config.aliases, concurrency: o.concurrency };
    const measure = async (side: Side): Promise<{ requests: number; errors: number; wallMs: number; requestMs: number; cpuMs: number }> => {
      const c0 = process.cpuUsage();
      const r = side === 'undici' ? await undiciLoop(plain) : side === 'sdk' ? await sdkLoop(plain) : await evalProject(loaded, project);
      return { requests: r.requests, errors: r.errors, wallMs: r.wallMs, requestMs: 'requestMs' in r ? (r.requestMs as number) : r.wallMs, cpuMs: cpuMs(c0) };
    };
    // Warm every path (JIT, module loading), then run the sides in rounds, each round in a rotated
    // order so drift, other load and the garbage one side leaves behind hit every side alike. Each
    // ratio is taken within a round (paired) and the median over the rounds is reported, with the
    // range of the rounds beside it: one disturbed round moves neither.
    if (o.warm) for (const side of SIDES) await measure(side);
    const rounds: Array<Record<Side, Awaited<ReturnType<typeof measure>>>> = [];
    let requests = 0;
    for (let i = 0; i < o.rounds; i++) {
      const round: Partial<Record<Side, Awaited<ReturnType<typeof measure>>>> = {};
      for (let k = 0; k < SIDES.length; k++) {
        const side = SIDES[(i + k) % SIDES.length] as Side;
        const r = await measure(side);
        if (requests !== 0 && r.requests !== requests) throw new Error(`${side} sent ${r.requests} requests, another side ${requests}`);
        requests = r.requests;
        round[side] = r;
      }
      rounds.push(round as Record<Side, Awaited<ReturnType<typeof measure>>>);
    }
    const mid = (f: (r: (typeof rounds)[number]) => number): number => median(rounds.map(f)) as number;
    const range = (f: (r: (typeof rounds)[number]) => number): [number, number] => [Math.min(...rounds.map(f)), Math.max(...rounds.map(f))];
    const rps = (side: Side) => (requests / mid((r) => r[side].wallMs)) * 1000;
    const cpu = (side: Side) => mid((r) => r[side].cpuMs) / requests;
    const errors = (side: Side) => rounds.reduce((n, r) => n + r[side].errors, 0);
    const vsUndici = (r: (typeof rounds)[number]) => r.undici.wallMs / r.pipeline.wallMs;
    const vsSdk = (r: (typeof rounds)[number]) => r.sdk.wallMs / r.pipeline.wallMs;
    const cpuVsSdk = (r: (typeof rounds)[number]) => r.pipeline.cpuMs / r.sdk.cpuMs;
    return {
      concurrency: o.concurrency,
      stream: o.stream,
      requests,
      rounds: rounds.length,
      rps: { undici: rps('undici'), sdk: rps('sdk'), pipeline: rps('pipeline') },
      requestPhaseRps: (requests / mid((r) => r.pipeline.requestMs)) * 1000,
      outsideRequestsMs: mid((r) => r.pipeline.wallMs - r.pipeline.requestMs),
      cpuMsPerRequest: { undici: cpu('undici'), sdk: cpu('sdk'), pipeline: cpu('pipeline') },
      ratios: { pipelineVsUndici: mid(vsUndici), pipelineVsSdk: mid(vsSdk), cpuPipelineVsSdk: mid(cpuVsSdk) },
      ratioRanges: { pipelineVsUndici: range(vsUndici), pipelineVsSdk: range(vsSdk), cpuPipelineVsSdk: range(cpuVsSdk) },
      errors: { undici: errors('undici'), sdk: errors('sdk'), pipeline: errors('pipeline') },
    };
  } finally {
    project.remove();
  }
}
