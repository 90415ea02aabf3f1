/**
 * The degrading canary used by test/canary-dashboard.e2e.test.ts and scripts/readme-pictures.ts:
 * two application instances (two processes) route 3,000 calls through the canary to `serve-sim`
 * over eight simulated days; half-way the candidate arm moves to a second simulator that answers
 * twice as slowly and fails 20 % of calls (HTTP 500/502).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverOptions } from './canary-driver.ts';
import { ROOT, TSX } from './cli.ts';
import { startServeSim } from './serve-sim.ts';

export const SCENARIO = {
  start: Date.UTC(2026, 10, 20), // Fri 2026-11-20 00:00 UTC
  stepMs: 4 * 60_000, // one call every 4 simulated minutes
  calls: 3000, // 200 simulated hours
  instances: 2,
  percent: 30,
  users: 600,
} as const;
/** The degraded simulator: the local target's latency model, doubled. */
const DEGRADED_CONFIG = `version: 1
targets:
  degraded:
    description: The candidate after it degraded (test/helpers/canary-scenario.ts).
    baseline: { name: llm-gateway-sim, profile: llmgateway, sim: { seed: 11, latency: { baseMs: 40, perTokenMs: 0.4, jitter: 0.1 } } }
    candidate: { name: ai-stats-sim, profile: aistats, sim: { seed: 23, latency: { baseMs: 40, perTokenMs: 0.4, jitter: 0.1 }, drift: { latencyFactor: 2 } } }
`;

/** 2026-11-24 04:00 UTC. */
export const DEGRADE_AT = SCENARIO.start + (SCENARIO.calls / 2) * SCENARIO.stepMs;

function runDriver(o: DriverOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'test/helpers/canary-driver.ts'), JSON.stringify(o)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`canary driver ${o.index} exited ${code}: ${err}`))));
  });
}

/** Runs the scenario; returns each instance's metrics file and per-call log (JSON lines) in `dir`. */
export async function runDegradingCanary(dir: string): Promise<{ metrics: string[]; calls: string[] }> {
  const indexes = Array.from({ length: SCENARIO.instances }, (_, i) => i);
  const files = { metrics: indexes.map((i) => join(dir, `metrics-${i}.json`)), calls: indexes.map((i) => join(dir, `calls-${i}.jsonl`)) };
  const config = join(dir, 'degraded.config.yaml');
  writeFileSync(config, DEGRADED_CONFIG);
  const [healthy, degraded] = await Promise.all([startServeSim(), startServeSim(['--config', config, '--target', 'degraded', '--fault-rate', '0.2', '--fault-kinds', 'http-500,http-502'])]);
  try {
    await Promise.all(
      indexes.map((index) =>
        runDriver({
          baselineURL: healthy.baselineURL,
          candidateURL: healthy.candidateURL,
          degradedCandidateURL: degraded.candidateURL,
          calls: SCENARIO.calls,
          instances: SCENARIO.instances,
          index,
          startMs: SCENARIO.start,
          stepMs: SCENARIO.stepMs,
          degradeAtMs: DEGRADE_AT,
          percent: SCENARIO.percent,
          users: SCENARIO.users,
          metricsOut: files.metrics[index] as string,
          callsOut: files.calls[index] as string,
        }),
      ),
    );
  } finally {
    await Promise.all([healthy.stop(), degraded.stop()]);
  }
  return files;
}
