/**
 * Peak memory of full eval runs, each in a fresh process (bench/rss-child.ts), so one run's
 * heap never inflates another's figure.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

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

export async function peakRss(label: string, cases: number, repeat: number, concurrency: number): Promise<RssRow> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fileURLToPath(new URL('./rss-child.ts', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', tsx, child, String(cases), String(repeat), String(concurrency)], { maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(line) as { samples: number; errors: number; wallMs: number; maxRssKB: number };
  return { label, cases, repeat, samples: r.samples, errors: r.errors, wallMs: r.wallMs, maxRssMB: r.maxRssKB / 1024 };
}
