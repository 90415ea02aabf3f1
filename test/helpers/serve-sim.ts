/** `cutover serve-sim` in a child process, as a user runs it: started, its base URLs read, stopped with Ctrl-C. */
import { spawn } from 'node:child_process';
import { CLI, ROOT } from './cli.ts';

export interface ServedSims {
  baselineURL: string;
  candidateURL: string;
  stop: () => Promise<void>;
}

export async function startServeSim(args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ServedSims> {
  const child = spawn(process.execPath, [CLI, 'serve-sim', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-sim did not start: ${out}${err}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`serve-sim exited ${code}: ${out}${err}`)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/press Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const [baselineURL, candidateURL] = [...out.matchAll(/http:\/\/127\.0\.0\.1:\d+\/v1/g)].map((m) => m[0]);
  if (!baselineURL || !candidateURL) throw new Error(`serve-sim printed no base URLs: ${out}`);
  return {
    baselineURL,
    candidateURL,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}
