/**
 * Keys never leak: canary key values set in the environment must not appear in stdout, stderr,
 * any report file or the baseline — also when every request fails with 401.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, scratchProject } from './helpers/cli.ts';

const CANARY_LLM = 'llmgw-CANARY-7f3a9c1e5b2d4a6f';
const CANARY_AIS = 'phaseo_v1_sk_canary1_CANARYSECRET9e8d7c6b';
const WRONG_LLM = 'llmgw-WRONGKEY-0a1b2c3d4e5f6a7b';
const WRONG_AIS = 'phaseo_v1_sk_wrong01_WRONGSECRET1a2b3c4d';

let sim: ChildProcess;
let urls: string[] = [];

beforeAll(async () => {
  // serve-sim with auth: only the canary keys are accepted.
  sim = spawn(process.execPath, [CLI, 'serve-sim', '--keys-from-env'], {
    cwd: ROOT,
    env: { ...process.env, LLM_GATEWAY_API_KEY: CANARY_LLM, AI_STATS_API_KEY: CANARY_AIS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-sim did not start: ${out}`)), 60_000);
    sim.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/press Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  urls = [...out.matchAll(/http:\/\/127\.0\.0\.1:\d+\/v1/g)].map((m) => m[0]);
  expect(out).not.toContain(CANARY_LLM);
  expect(out).not.toContain(CANARY_AIS);
});

afterAll(async () => {
  if (sim.exitCode === null) {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGINT');
    await exited;
  }
});

function project(): { dir: string; config: string } {
  // No stored baseline for "served" at first (baseline/local.json was recorded from a simulator
  // inside cutover, another kind of gateway, and would be refused); `baseline` records one.
  const p = scratchProject({ copyBaseline: true });
  const config = readFileSync(p.config, 'utf8').replace(
    /targets:\n/,
    `targets:\n  served:\n    baseline: { name: old, profile: llmgateway, baseURL: "${urls[0]}", keyEnv: LLM_GATEWAY_API_KEY }\n    candidate: { name: new, profile: aistats, baseURL: "${urls[1]}", keyEnv: AI_STATS_API_KEY }\n`,
  );
  writeFileSync(p.config, config);
  return p;
}

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

function expectNoKey(texts: string[], keys: string[]): void {
  for (const t of texts) for (const k of keys) expect(t.includes(k), `a key leaked: ${t.slice(0, 200)}`).toBe(false);
}

describe('secrets', () => {
  it('a run with the right keys leaks neither key anywhere', async () => {
    const p = project();
    const env = { LLM_GATEWAY_API_KEY: CANARY_LLM, AI_STATS_API_KEY: CANARY_AIS };
    const r = await runCli(['eval', '--config', p.config, '--target', 'served', '--repeat', '2'], { cwd: p.dir, env });
    // A verdict either way (compared with the live baseline only, 2 repeats of sampled text may
    // fail similarity): what matters here is that the run completed and leaked nothing.
    expect([0, 1], r.stderr + r.stdout).toContain(r.code);
    const b = await runCli(['baseline', '--config', p.config, '--target', 'served', '--repeat', '1'], { cwd: p.dir, env });
    expect(b.code, b.stderr).toBe(0);
    const files = [...allFiles(join(p.dir, 'reports')), ...allFiles(join(p.dir, 'baseline'))];
    expect(files.some((f) => f.endsWith('report.html'))).toBe(true);
    // target "served" records into baseline/served.json of the scratch project.
    expect(JSON.parse(readFileSync(join(p.dir, 'baseline', 'served.json'), 'utf8'))).toMatchObject({ target: 'served' });
    expectNoKey([r.stdout, r.stderr, b.stdout, b.stderr, ...files.map((f) => readFileSync(f, 'utf8'))], [CANARY_LLM, CANARY_AIS]);
  });

  it('a run where every request fails with 401 leaks neither key, and records nothing without --force', async () => {
    const p = project();
    const env = { LLM_GATEWAY_API_KEY: WRONG_LLM, AI_STATS_API_KEY: WRONG_AIS };
    const r = await runCli(['eval', '--config', p.config, '--target', 'served', '--repeat', '1'], { cwd: p.dir, env });
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(p.dir, 'reports', readdirSync(join(p.dir, 'reports'))[0] ?? '', 'report.json'), 'utf8')) as {
      totals: { baseline: { errorKinds: Record<string, number> }; candidate: { errorKinds: Record<string, number> } };
    };
    expect(report.totals.baseline.errorKinds['auth']).toBeGreaterThan(0);
    expect(report.totals.candidate.errorKinds['auth']).toBeGreaterThan(0);
    const refused = await runCli(['baseline', '--config', p.config, '--target', 'served', '--repeat', '1'], { cwd: p.dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/baseline not written: \d+ request\(s\) failed \(auth/);
    const forced = await runCli(['baseline', '--config', p.config, '--target', 'served', '--repeat', '1', '--force'], { cwd: p.dir, env });
    expect(forced.code, forced.stderr).toBe(0);
    const files = [...allFiles(join(p.dir, 'reports')), ...allFiles(join(p.dir, 'baseline'))];
    expectNoKey(
      [r.stdout, r.stderr, refused.stdout, refused.stderr, forced.stdout, forced.stderr, ...files.map((f) => readFileSync(f, 'utf8'))],
      [WRONG_LLM, WRONG_AIS, CANARY_LLM, CANARY_AIS],
    );
  });
});
