/**
 * Peak memory of full eval runs, each in a fresh process (bench/rss-child.ts, bundled), so one run's
 * heap never inflates another's figure.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

export interface RssRow {
  label: string;
  cases: number;
  repeat: number;
  samples: number;
  errors: number;
  wallMs: number;
  maxRssMB: number;
}

const run = promisify(execFile);

/**
 * The child runs as plain JavaScript, like the CLI users run (dist/, scripts/build.mjs): bundled
 * beside dist/sim-child.js so the simulators start from there too. No TypeScript loader in memory.
 */
let bundled: Promise<string> | null = null;
function rssChild(): Promise<string> {
  bundled ??= (async () => {
    const outfile = fileURLToPath(new URL('../dist/bench-rss-child.js', import.meta.url));
    await build({ entryPoints: [fileURLToPath(new URL('./rss-child.ts', import.meta.url))], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
    return outfile;
  })();
  return bundled;
}

/** `heap: 'v8-default'` leaves V8's heap growth as it is, for reference (the CLI bounds it: src/util/heap.ts). */
export async function peakRss(label: string, cases: number, repeat: number, concurrency: number, heap: 'cli' | 'v8-default' = 'cli'): Promise<RssRow> {
  const child = await rssChild();
  const { stdout } = await run(process.execPath, [child, String(cases), String(repeat), String(concurrency), ...(heap === 'v8-default' ? ['v8-default'] : [])], { maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(line) as { samples: number; errors: number; wallMs: number; maxRssKB: number };
  return { label, cases, repeat, samples: r.samples, errors: r.errors, wallMs: r.wallMs, maxRssMB: r.maxRssKB / 1024 };
}
