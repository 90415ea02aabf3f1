/**
 * What the distribution check costs a run (issue 16): the same suite of sampled cases
 * (temperature 0.7, 2,000 cases × 10 samples per arm) with the check on and off (off: its
 * minSamples out of reach, so every case is "not measured" and scored inline), against
 * zero-latency simulators, where the run is as short as it gets and the check's share of it as
 * large as it gets. Rounds alternate and the fastest run of each side is kept, so other load on
 * the machine biases neither side. Wall time on a shared 2-core machine moves by several per cent
 * from run to run, so the CPU time of the process (the pipeline and its worker threads; the
 * simulators run in a child process, not counted) is reported beside it.
 */
import { loadConfig } from '../src/config/load.ts';
import type { SimHost } from '../src/sim/host.ts';
import { evalProject } from './e2e.ts';
import { writeProject } from './project.ts';

export interface DistributionCostRow {
  cases: number;
  samplesPerArm: number;
  /** Fastest wall time with the check (every case tested, the pooled test), ms. */
  withMs: number;
  /** Fastest wall time of the same run with the check off, ms. */
  withoutMs: number;
  /** withMs / withoutMs − 1: what the check adds to the run (acceptance: < 0.10). */
  added: number;
  /** Least CPU time of this process (all its threads) over the rounds, with and without the check, ms. */
  withCpuMs: number;
  withoutCpuMs: number;
  /** withCpuMs / withoutCpuMs − 1. */
  cpuAdded: number;
}

export async function distributionCost(host: SimHost, o: { cases: number; repeat: number; concurrency: number; rounds: number }): Promise<DistributionCostRow> {
  const [baselineURL, candidateURL] = host.baseURLs as [string, string];
  const best = { with: Infinity, without: Infinity };
  const cpu = { with: Infinity, without: Infinity };
  for (let round = 0; round < o.rounds; round++) {
    for (const side of ['without', 'with'] as const) {
      const project = writeProject({
        baselineURL,
        candidateURL,
        cases: o.cases,
        repeat: o.repeat,
        stream: false,
        concurrency: o.concurrency,
        temperature: 0.7,
        ...(side === 'without' ? { distributionMinSamples: 1_000_000 } : {}),
      });
      try {
        const c0 = process.cpuUsage();
        const run = await evalProject(loadConfig(project.configFile), project);
        const c = process.cpuUsage(c0);
        if (run.errors > 0) throw new Error(`bench: ${run.errors} request(s) failed in the distribution cost run`);
        best[side] = Math.min(best[side], run.wallMs);
        cpu[side] = Math.min(cpu[side], (c.user + c.system) / 1000);
      } finally {
        project.remove();
      }
    }
  }
  return {
    cases: o.cases,
    samplesPerArm: o.repeat,
    withMs: best.with,
    withoutMs: best.without,
    added: best.with / best.without - 1,
    withCpuMs: cpu.with,
    withoutCpuMs: cpu.without,
    cpuAdded: cpu.with / cpu.without - 1,
  };
}
