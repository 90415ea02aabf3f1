/** Runs the real CLI as a subprocess, as a user would (without npm's overhead). */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '../..');
/** tsx's loader by absolute URL, for helper scripts run from the TypeScript sources. */
export const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
/** The CLI as users run it: the bundle built by scripts/build.mjs (test/global-setup.ts builds it). */
export const CLI = join(ROOT, 'dist/cli.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  /** Called once the child has started (e.g. to send it a signal later). */
  onSpawn?: (pid: number, kill: (sig: NodeJS.Signals) => void) => void;
  onStderr?: (chunk: string) => void;
  onStdout?: (chunk: string) => void;
}

/** Environment for the child: the parent's, minus anything that would change the CLI's behaviour. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['LLM_GATEWAY_API_KEY', 'AI_STATS_API_KEY', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CUTOVER_DEBUG']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: childEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      opts.onStdout?.(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      opts.onStderr?.(d);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cutover ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 120_000} ms\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    if (child.pid !== undefined) opts.onSpawn?.(child.pid, (sig) => child.kill(sig));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/**
 * A scratch project: a copy of the config with its suite pointing at the repo's prompts (or a
 * given folder) and its own baseline/ and reports/ folders, so tests never touch the repo's files.
 */
export function scratchProject(opts: { config?: string; prompts?: string; copyBaseline?: boolean } = {}): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-e2e-'));
  const config = join(dir, 'eval.config.yaml');
  if (opts.config !== undefined) writeFileSync(config, opts.config);
  else {
    cpSync(join(ROOT, 'eval.config.yaml'), config);
  }
  if (opts.prompts !== undefined) cpSync(opts.prompts, join(dir, 'prompts'), { recursive: true });
  else cpSync(join(ROOT, 'prompts'), join(dir, 'prompts'), { recursive: true });
  if (opts.copyBaseline) cpSync(join(ROOT, 'baseline'), join(dir, 'baseline'), { recursive: true });
  return { dir, config };
}

/** No stack trace: no "    at " frames and no Node error banners. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text) || /node:internal/.test(text);
}
