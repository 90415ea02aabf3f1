/**
 * The one Chromium launcher for browser tests (report.html, dashboards, PNG output).
 *
 * Prefers the system Chromium when there is one and it starts; otherwise falls back to the
 * headless Chromium that ships inside the npm package `@sparticuz/chromium` (a devDependency,
 * so `npm ci` is the whole set-up). Never downloads a browser. The packaged binary is
 * brotli-compressed in node_modules and unpacked once per version into the temp folder.
 *
 * `CUTOVER_CHROMIUM=/path/to/chromium` names the system browser to try (a missing or broken
 * one falls back to the packaged browser); `CUTOVER_CHROMIUM=packaged` skips the system one.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import Sparticuz from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser'];

export type BrowserSource = 'system' | 'packaged';

export interface LaunchedBrowser {
  browser: Browser;
  source: BrowserSource;
  executablePath: string;
  /** Why the system browser was not used (when source is 'packaged'). */
  fallbackReason?: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The system browser to try: CUTOVER_CHROMIUM, else the first chromium on PATH; null for none. */
export function systemChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env['CUTOVER_CHROMIUM'];
  if (chosen === 'packaged') return null;
  if (chosen) return chosen;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    for (const name of SYSTEM_NAMES) {
      const path = join(dir, name);
      if (dir && isExecutable(path)) return path;
    }
  }
  return null;
}

/** The installed @sparticuz/chromium version (its package.json is not in its `exports`). */
function packagedVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@sparticuz/chromium' && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('@sparticuz/chromium: package.json not found');
    dir = up;
  }
}

/**
 * The packaged Chromium, unpacked into `<tmp>/cutover-chromium-<version>-<uid>/`. Concurrent
 * test workers each unpack into their own staging folder and rename it into place; a loser
 * of that race uses the winner's copy, so nobody ever runs a half-written binary.
 */
export async function packagedChromium(): Promise<string> {
  const finalDir = join(tmpdir(), `cutover-chromium-${packagedVersion()}-${process.getuid?.() ?? 'user'}`);
  const binary = join(finalDir, 'chromium');
  if (isExecutable(binary)) return binary;
  const staging = await mkdtemp(`${finalDir}.staging-`);
  // The package unpacks into os.tmpdir(); it computes every output path synchronously, before
  // its first await, so TMPDIR points at the staging folder only for that synchronous call.
  const saved = process.env['TMPDIR'];
  process.env['TMPDIR'] = staging;
  let unpacking: Promise<string>;
  try {
    unpacking = Sparticuz.executablePath();
  } finally {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
  }
  const unpacked = await unpacking;
  if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
  try {
    await rename(staging, finalDir);
  } catch (error) {
    // Another worker got there first: its copy is complete (it was renamed whole).
    await rm(staging, { recursive: true, force: true });
    if (!isExecutable(binary)) throw error;
  }
  return binary;
}

/** Launches headless Chromium: the system one if it starts, else the packaged one. */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<LaunchedBrowser> {
  const system = systemChromium(env);
  let fallbackReason = 'no system Chromium on PATH';
  if (system !== null) {
    if (!existsSync(system)) fallbackReason = `${system} does not exist`;
    else {
      try {
        return { browser: await chromium.launch({ executablePath: system, args: CHROMIUM_ARGS }), source: 'system', executablePath: system };
      } catch (error) {
        fallbackReason = `${system} did not start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`;
      }
    }
  } else if (env['CUTOVER_CHROMIUM'] === 'packaged') {
    fallbackReason = 'CUTOVER_CHROMIUM=packaged';
  }
  const executablePath = await packagedChromium();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return { browser, source: 'packaged', executablePath, fallbackReason };
}

/** The browser alone, for callers that do not care which one it is. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  return (await launchBrowser(env)).browser;
}
