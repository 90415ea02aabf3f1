/**
 * action.yml, the composite action the docs' workflows use: its eval step's script run as the
 * runner runs it (bash, its env, GITHUB_ACTIONS=true), and the docs' workflows checked against
 * the action's inputs so they cannot drift apart.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, scratchProject } from './helpers/cli.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };

/** A scratch project where `npx --no-install cutover` finds this checkout's CLI, as after `npm ci`. */
function project(): string {
  const p = scratchProject({ copyBaseline: true });
  writeFileSync(join(p.dir, 'package.json'), JSON.stringify({ name: 'team-app', private: true }));
  mkdirSync(join(p.dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'bin/cutover.js'), join(p.dir, 'node_modules/.bin/cutover'));
  return p.dir;
}

function runStep(script: string, cwd: string, inputs: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTIONS: 'true' };
  delete env['GITHUB_STEP_SUMMARY'];
  for (const [k, v] of Object.entries(inputs)) env[`ACTION_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('action.yml', () => {
  const evalStep = action.runs.steps.find((s) => s.run?.includes('cutover eval'));

  it('is a composite action: setup-node, npm ci, eval, and the reports uploaded even on failure', () => {
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    expect(steps.map((s) => s.uses ?? s.run?.trim().split('\n')[0])).toEqual(['actions/setup-node@v4', 'npm ci --no-audit --no-fund', 'set +e', 'actions/upload-artifact@v4']);
    expect(steps[3]).toMatchObject({ if: 'always()' });
    // Every ACTION_* the script reads is set from an input.
    expect(Object.keys(evalStep?.env ?? {}).sort()).toEqual(['ACTION_ARGS', 'ACTION_CONFIG', 'ACTION_GATE', 'ACTION_OUT', 'ACTION_TARGET']);
  });

  it("its eval step fails on a failed gate, or passes it through with gate: 'false', annotating either way", async () => {
    const dir = project();
    const inputs = { target: 'local-drift', config: 'eval.config.yaml', out: 'reports/cutover', args: '--repeat 3', gate: 'true' };
    const gated = await runStep(evalStep?.run ?? '', dir, inputs);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toMatch(/^::error file=prompts\/[\w-]+\.yaml,line=\d+,title=cutover local-drift%3A /m);
    expect(readFileSync(join(dir, 'reports/cutover/report.json'), 'utf8')).toContain('"target": "local-drift"');
    const shard = await runStep(evalStep?.run ?? '', dir, { ...inputs, gate: 'false', out: 'reports/shard' });
    expect(shard.code).toBe(0);
    expect(shard.stdout).toMatch(/^::error file=prompts\/[\w-]+\.yaml,line=\d+,/m);
    const usage = await runStep(evalStep?.run ?? '', dir, { ...inputs, gate: 'false', target: 'nosuch' });
    expect(usage.code).toBe(2);
  });

  it("the docs' workflows use it, with inputs it has", () => {
    for (const file of ['cutover-gate.yml', 'cutover-sharded.yml']) {
      const wf = parse(readFileSync(join(ROOT, 'docs/github-actions', file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
      const uses = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses === './'));
      expect(uses.length, file).toBeGreaterThan(0);
      for (const s of uses) for (const input of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs), `${file}: ${input}`).toContain(input);
    }
  });
});
