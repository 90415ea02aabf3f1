// Preloaded into a CLI run (`node --import ./bench/rss-probe.mjs bin/cutover.js …`) by bench/rss.ts:
// when the process exits, writes its peak resident set size (all threads; the simulators run in
// another process) to the file named by CUTOVER_BENCH_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env['CUTOVER_BENCH_RSS_OUT'];
if (out) process.on('exit', () => writeFileSync(out, JSON.stringify({ maxRssKB: process.resourceUsage().maxRSS })));
