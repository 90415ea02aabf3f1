/**
 * End-to-end throughput: the full eval pipeline (runEval: config, suite, executeRun, scoring,
 * gate, every report format) against a plain SDK + p-limit loop, both sending the same requests
 * to the same zero-latency simulators in one child process, in the same run; plus the
 * simulators' own capacity measured with a bare fetch loop.
 */
import { SimSchema } from '../src/config/schema.ts';
import { loadConfig, type LoadedConfig } from '../src/config/load.ts';
import { runEval } from '../src/run/eval.ts';
import { startSimulators, type SimHost } from '../src/sim/host.ts';
import { loadSuite } from '../src/suite/load.ts';
import { plainLoop } from './plain.ts';
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

export interface ThroughputRow {
  concurrency: number;
  stream: boolean;
  requests: number;
  /** Requests per second of the plain SDK loop. */
  plainRps: number;
  /** Requests per second of runEval, wall clock from config load to the last report written. */
  pipelineRps: number;
  /** pipelineRps / plainRps: the acceptance ratio (≥ 0.8 non-streamed). */
  ratio: number;
  /** Requests per second of the request phase alone (executeRun's duration). */
  requestPhaseRps: number;
  /** Wall time spent outside executeRun: config, suite, gate, report writing, ms. */
  outsideRequestsMs: number;
  /** CPU time of this (harness) process per request, ms: plain loop and pipeline. */
  cpuMsPerRequest: { plain: number; pipeline: number };
  errors: { plain: number; pipeline: number };
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
    const arms = [
      { role: 'baseline' as const, profile: 'llmgateway' as const, baseURL: baselineURL, apiKey: BENCH_KEYS.baseline },
      { role: 'candidate' as const, profile: 'aistats' as const, baseURL: candidateURL, apiKey: BENCH_KEYS.candidate },
    ];
    const plain = async () => {
      const c0 = process.cpuUsage();
      const r = await plainLoop({ cases, repeat: o.repeat, arms, aliases: loaded.config.aliases, concurrency: o.concurrency });
      return { ...r, cpuMs: cpuMs(c0) };
    };
    const pipeline = async () => {
      const c0 = process.cpuUsage();
      return { ...(await evalProject(loaded, project)), cpuMs: cpuMs(c0) };
    };
    // Warm both paths (JIT, keep-alive sockets), then alternate so drift and other load on the
    // machine hit both alike; the best round of each counts (the one least disturbed).
    if (o.warm) {
      await plain();
      await pipeline();
    }
    let bestPlain = Infinity;
    let best = { wallMs: Infinity, requestMs: Infinity };
    let plainCpu = Infinity;
    let pipelineCpu = Infinity;
    let plainErrors = 0;
    let pipelineErrors = 0;
    let requests = 0;
    for (let i = 0; i < o.rounds; i++) {
      const p = await plain();
      const e = await pipeline();
      if (p.requests !== e.requests) throw new Error(`plain loop sent ${p.requests} requests, pipeline ${e.requests}`);
      requests = e.requests;
      plainErrors += p.errors;
      pipelineErrors += e.errors;
      bestPlain = Math.min(bestPlain, p.wallMs);
      if (e.wallMs < best.wallMs) best = e;
      plainCpu = Math.min(plainCpu, p.cpuMs);
      pipelineCpu = Math.min(pipelineCpu, e.cpuMs);
    }
    const plainRps = (requests / bestPlain) * 1000;
    const pipelineRps = (requests / best.wallMs) * 1000;
    return {
      concurrency: o.concurrency,
      stream: o.stream,
      requests,
      plainRps,
      pipelineRps,
      ratio: pipelineRps / plainRps,
      requestPhaseRps: (requests / best.requestMs) * 1000,
      outsideRequestsMs: best.wallMs - best.requestMs,
      cpuMsPerRequest: { plain: plainCpu / requests, pipeline: pipelineCpu / requests },
      errors: { plain: plainErrors, pipeline: pipelineErrors },
    };
  } finally {
    project.remove();
  }
}

/** The simulators alone: a bare fetch loop (no SDK, body read and dropped), both gateways at once. */
export async function simCapacity(host: SimHost, o: { concurrency: number; requests: number }): Promise<{ concurrency: number; rps: number }> {
  const targets = [
    { url: `${host.baseURLs[0]}/chat/completions`, key: BENCH_KEYS.baseline, model: 'gpt-4o-mini' },
    { url: `${host.baseURLs[1]}/chat/completions`, key: BENCH_KEYS.candidate, model: 'openai/gpt-4o-mini' },
  ];
  const run = async () => {
    let next = 0;
    const worker = async (t: (typeof targets)[number]) => {
      const body = JSON.stringify({ model: t.model, messages: [{ role: 'user', content: 'Question 1: explain in two sentences how invoices work.' }], max_tokens: 48, temperature: 0 });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${t.key}` };
      while (next < o.requests) {
        next++;
        const res = await fetch(t.url, { method: 'POST', headers, body });
        await res.arrayBuffer();
      }
    };
    const t0 = performance.now();
    await Promise.all(targets.flatMap((t) => Array.from({ length: o.concurrency }, () => worker(t))));
    return (o.requests / (performance.now() - t0)) * 1000;
  };
  await run();
  const rps = Math.max(await run(), await run());
  return { concurrency: o.concurrency, rps };
}
