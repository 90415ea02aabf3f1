/**
 * Soak run for test/soak.e2e.test.ts, in its own process (started with --expose-gc): N requests
 * against simulators injecting 5 % mixed faults. Prints one JSON line: the accounting of every
 * sample and the heap after a forced GC at each 1,000 requests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, resolveTarget } from '../../src/config/load.ts';
import { executeRun } from '../../src/run/execute.ts';
import { loadSuite } from '../../src/suite/load.ts';

const requests = Number(process.argv[2] ?? '10000');
const cases = 100;
const repeat = Math.max(1, Math.round(requests / cases / 2));
const dir = mkdtempSync(join(tmpdir(), 'cutover-soak-'));
mkdirSync(join(dir, 'prompts'));
const lines = Array.from({ length: cases }, (_, i) => `  - { id: s${i}, prompt: "soak probe number ${i}", stream: ${i % 4 === 0} }`).join('\n');
writeFileSync(join(dir, 'prompts', 'soak.yaml'), `suite: soak\ndefaults: { model: gpt-4o-mini, temperature: 0, max_tokens: 24 }\ncases:\n${lines}\n`);
const sim = (seed: number) =>
  `{ seed: ${seed}, latency: { baseMs: 1, perTokenMs: 0, jitter: 0 }, faults: { rate: 0.05, seed: ${seed + 100}, kinds: [http-429, http-429-retry-after, http-500, http-502, http-504, http-529, reset, hang, not-json, stream-cut, stream-error, slow-drip] } }`;
writeFileSync(
  join(dir, 'eval.config.yaml'),
  `version: 1\ndefaults: { repeat: ${repeat}, warmup: 0, concurrency: 32, timeoutMs: 1500, retries: { max: 1, baseDelayMs: 5, maxDelayMs: 50 } }\n` +
    `targets:\n  soak:\n    baseline: { name: old, profile: llmgateway, sim: ${sim(1)} }\n    candidate: { name: new, profile: aistats, sim: ${sim(2)} }\n`,
);

const loaded = loadConfig(join(dir, 'eval.config.yaml'));
const target = resolveTarget(loaded, 'soak', {});
const suite = loadSuite(loaded.suiteDir, target.repeat);
const counts: Record<string, number> = {};
const heapMB: number[] = [];
let samples = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const run = await executeRun({
  target,
  cases: suite,
  arms: ['baseline', 'candidate'],
  repeat: undefined,
  concurrency: undefined,
  outDir: dir,
  signal: new AbortController().signal,
  onProgress: (p) => {
    if (p.done % 1000 === 0 && gc) {
      gc();
      heapMB.push(process.memoryUsage().heapUsed / 1e6);
    }
  },
  onCase: (c) => {
    for (const s of [...c.samples.baseline, ...c.samples.candidate]) {
      samples++;
      const k = s.kind === 'ok' ? 'ok' : s.error.kind;
      counts[k] = (counts[k] ?? 0) + 1;
    }
  },
});
const retries = run.totals.baseline.summary().retries + run.totals.candidate.summary().retries;
process.stdout.write(`${JSON.stringify({ expected: cases * repeat * 2, requests: run.requests, samples, counts, retries, heapMB, incomplete: run.incompleteCases.length })}\n`);
