/**
 * Hosts the simulated gateways in a child process, outside the measuring process's event loop.
 * Keys go to the child over IPC only (never argv or env).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isChildMessage, type ChildServerSpec, type ParentMessage } from './ipc.ts';
import { keyOf, type SimServerSpec } from './server.ts';

export { createSimServer, type SimServer, type SimServerSpec } from './server.ts';

export interface SimHost {
  /** One per spec, same order, each ending in /v1. */
  baseURLs: string[];
  /** The child's process id (for diagnostics and tests). */
  pid: number | undefined;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const KILL_AFTER_MS = 3_000;

function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/**
 * The child's entry: from the sources, child.ts under tsx's loader; from the bundle in dist/
 * (scripts/build.mjs), the plain-JavaScript sim-child.js beside this chunk.
 */
function childEntry(): { path: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('./child.ts', import.meta.url)), execArgv: ['--import', tsxLoaderUrl()] };
  }
  return { path: fileURLToPath(new URL('./sim-child.js', import.meta.url)), execArgv: [] };
}

export async function startSimulators(specs: SimServerSpec[]): Promise<SimHost> {
  const entry = childEntry();
  const child = fork(entry.path, [], {
    execArgv: entry.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const childSpecs: ChildServerSpec[] = specs.map((s) => ({
    profile: s.profile,
    apiKey: keyOf(s.apiKey),
    sim: s.sim,
    host: s.host ?? '127.0.0.1',
    port: s.port ?? 0,
  }));
  try {
    const baseURLs = await waitReady(child, childSpecs);
    return { baseURLs, pid: child.pid, close: () => stop(child, exited) };
  } catch (err) {
    await stop(child, exited);
    throw err;
  }
}

function waitReady(child: ChildProcess, specs: ChildServerSpec[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`simulated gateways did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onMessage = (m: unknown) => {
      if (!isChildMessage(m)) return;
      if (m.type === 'ready') done(null, m.urls);
      else done(new Error(`simulated gateways failed to start: ${m.message}`));
    };
    const onExit = (code: number | null) => done(new Error(`simulator process exited early (code ${code ?? 'null'})`));
    const done = (err: Error | null, urls: string[] = []) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      if (err) reject(err);
      else resolve(urls);
    };
    const onError = (err: Error) => done(err);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
    const start: ParentMessage = { type: 'start', specs };
    child.send(start);
  });
}

/** Asks the child to close its servers, kills it if it does not exit, resolves once it has exited. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const close: ParentMessage = { type: 'close' };
  if (child.connected) child.send(close, (err) => err && child.kill('SIGKILL'));
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  await exited;
  clearTimeout(timer);
}
