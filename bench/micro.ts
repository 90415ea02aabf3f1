/**
 * Micro-benchmarks (tinybench) of the work cutover does per sample or per run: similarity,
 * percentiles, SSE parsing, cost normalisation and report writing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { resolveCost } from '../src/gateway/answer.ts';
import { costFromAistatsBody, priceFromUsdPerMillion } from '../src/gateway/cost.ts';
import { parseSse } from '../src/gateway/sse.ts';
import { consumeChatStream } from '../src/gateway/stream.ts';
import { readUsage } from '../src/gateway/usage.ts';
import { writeReports } from '../src/report/index.ts';
import { textSimilarity } from '../src/score/similarity.ts';
import { summarise } from '../src/score/stats.ts';
import { REPORTERS } from './e2e.ts';
import { bigReport, sseBytes, textOf } from './inputs.ts';

export interface MicroRow {
  name: string;
  /** Mean time per operation, ms. */
  meanMs: number;
  /**
   * The 99th percentile when there are at least MIN_P99_SAMPLES samples (`tailOf: 'p99'`);
   * with fewer, a p99 would be the maximum under another name, so it is the maximum (`'max'`).
   */
  tailMs: number;
  tailOf: 'p99' | 'max';
  samples: number;
}

/** Fewer samples than this and the 99th percentile is just the largest one. */
export const MIN_P99_SAMPLES = 100;

/** Mean and tail of raw per-operation times, ms. */
export function rowOf(name: string, times: readonly number[]): MicroRow {
  const sorted = [...times].sort((a, b) => a - b);
  const enough = sorted.length >= MIN_P99_SAMPLES;
  const tail = enough ? (sorted[Math.ceil(0.99 * sorted.length) - 1] as number) : (sorted.at(-1) ?? 0);
  return { name, meanMs: times.reduce((s, x) => s + x, 0) / Math.max(1, times.length), tailMs: tail, tailOf: enough ? 'p99' : 'max', samples: times.length };
}

/** The similarity method that actually ran on a pair: rows are named by it, not by intent. */
function method(a: string, b: string): string {
  return textSimilarity(a, b).method;
}

export async function micro(): Promise<MicroRow[]> {
  const short = [textOf(1, 40), `${textOf(1, 30)} ${textOf(9, 10)}`] as const;
  const longA = textOf(2, 900);
  const longB = longA.replace(/\. /g, (m, i: number) => (i % 7 === 0 ? '! ' : m));
  // Two unrelated texts from one vocabulary: the bag-of-words bound is high, so the expensive
  // sentence-aligned diff has to run (the path the < 200 ms limit is about).
  const unrelatedA = textOf(3, 40_000 / 6.5).slice(0, 40_000);
  const unrelatedB = textOf(4, 40_000 / 6.5).slice(0, 40_000);
  // Disjoint vocabularies: the cheap bound answers. Shown for contrast, named by that method.
  const disjointB = textOf(4, 40_000 / 6.5, 'b').slice(0, 40_000);
  const latencies = Float64Array.from({ length: 100_000 }, (_, i) => 200 + ((i * 7919) % 1000) * 0.37);
  const sse = sseBytes(200);
  const price = priceFromUsdPerMillion({ input: 0.15, output: 0.6 });
  const prices = () => price;
  const aistatsBody = { usage: { prompt_tokens: 120, completion_tokens: 48, pricing: { total_nanos: 46_800 } } };
  const plainBody = { usage: { prompt_tokens: 120, completion_tokens: 48 } };
  const messages = [{ role: 'user' as const, content: 'Explain in two sentences how invoices work.' }];
  const report = bigReport(2_000, 5);
  const outDir = mkdtempSync(join(tmpdir(), 'cutover-bench-reports-'));

  // At least MIN_P99_SAMPLES iterations each, so the p99 column is a percentile.
  const bench = new Bench({ time: 300, warmupTime: 50, iterations: MIN_P99_SAMPLES, retainSamples: true });
  bench
    .add(`similarity · short texts (~40 words, 25 % changed) · ${method(short[0], short[1])}`, () => void textSimilarity(short[0], short[1]))
    .add(`similarity · long texts (~900 words, punctuation edits) · ${method(longA, longB)}`, () => void textSimilarity(longA, longB))
    .add(`${SIMILARITY_40K} · ${method(unrelatedA, unrelatedB)}`, () => void textSimilarity(unrelatedA, unrelatedB))
    .add(`similarity · 40,000-char texts, disjoint vocabularies · ${method(unrelatedA, disjointB)}`, () => void textSimilarity(unrelatedA, disjointB))
    .add(PERCENTILES_100K, () => void summarise(latencies))
    .add('SSE · parse + assemble a 200-chunk stream', async () => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          for (const chunk of sse) c.enqueue(chunk);
          c.close();
        },
      });
      await consumeChatStream(parseSse(body), () => performance.now());
    })
    .add('cost · normalise (gateway-reported, then usage × configured price)', () => {
      const u1 = readUsage(aistatsBody.usage, { messages, text: 'x', reportsUsage: true });
      resolveCost(costFromAistatsBody(aistatsBody), u1, 'openai/gpt-4o-mini', prices);
      const u2 = readUsage(plainBody.usage, { messages, text: 'x', reportsUsage: true });
      resolveCost(costFromAistatsBody(plainBody), u2, 'gpt-4o-mini', prices);
    });
  await bench.run();
  // Report writing is far slower per operation: a few iterations, no time budget.
  const reports = new Bench({ iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0, retainSamples: true });
  reports.add('reports · all 5 formats, 2,000 cases / 20,000 samples', async () => {
    await writeReports(report, outDir, REPORTERS, () => new Date(0));
  });
  await reports.run();
  rmSync(outDir, { recursive: true, force: true });

  return [...bench.tasks, ...reports.tasks].map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`benchmark "${t.name}" ${r.state}`);
    return rowOf(t.name, r.latency.samples ?? []);
  });
}

/** Row-name prefixes the acceptance table looks up. */
export const SIMILARITY_40K = 'similarity · 40,000-char unrelated texts, shared vocabulary';
export const PERCENTILES_100K = 'percentiles · summarise 100k samples';
