/**
 * The CLI as a user runs it (`cutover eval` in a new process: bin/cutover.js → the dist/ bundle), against the same
 * simulators: throughput including start-up, and start-up alone (`cutover --version`).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SimHost } from '../src/sim/host.ts';
import { BENCH_ENV, writeProject } from './project.ts';

const run = promisify(execFile);

export interface CliRow {
  concurrency: number;
  requests: number;
  /** Requests per second from spawn to exit. */
  rps: number;
  /** `cutover --version` from spawn to exit, ms: what every CLI run pays before any request. */
  startupMs: number;
}

export async function cliSpawn(host: SimHost, o: { concurrency: number; cases: number; repeat: number }): Promise<CliRow> {
  const bin = fileURLToPath(new URL('../bin/cutover.js', import.meta.url));
  const [baselineURL, candidateURL] = host.baseURLs as [string, string];
  const project = writeProject({ baselineURL, candidateURL, cases: o.cases, repeat: o.repeat, stream: false, concurrency: o.concurrency });
  try {
    const env = { ...process.env, ...BENCH_ENV };
    let startupMs = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await run(process.execPath, [bin, '--version'], { env });
      startupMs = Math.min(startupMs, performance.now() - t0);
    }
    const t0 = performance.now();
    // Exit code 1 (a gate failure) is still a complete run; only the time matters here.
    await run(process.execPath, [bin, 'eval', '--config', project.configFile, '--target', 'bench', '--quiet', '--out', `${project.dir}/out`], { env, cwd: project.dir }).catch(
      (e: { code?: number }) => {
        if (e.code !== 1) throw e;
      },
    );
    const wallMs = performance.now() - t0;
    const requests = project.requests;
    return { concurrency: o.concurrency, requests, rps: (requests / wallMs) * 1000, startupMs };
  } finally {
    project.remove();
  }
}
