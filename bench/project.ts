/**
 * A throw-away cutover project for the benchmarks: eval.config.yaml pointing both gateways at
 * already-running simulators (by baseURL, keys from the environment) and one generated suite of
 * short prompts. The same files drive the full pipeline and give the plain loop its requests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const BENCH_KEYS = {
  baseline: 'bench-baseline-key-0000000000',
  candidate: 'phaseo_v1_sk_bench_candidate',
} as const;

/** Environment the generated config reads its keys from. */
export const BENCH_ENV: Readonly<Record<string, string>> = {
  BENCH_BASELINE_KEY: BENCH_KEYS.baseline,
  BENCH_CANDIDATE_KEY: BENCH_KEYS.candidate,
};

export interface ProjectSpec {
  baselineURL: string;
  candidateURL: string;
  cases: number;
  repeat: number;
  /** Every case non-streamed, streamed, or both (each case sent both ways). */
  stream: boolean | 'both';
  concurrency: number;
  /** Warm-up requests per gateway before the measured ones (default 0). */
  warmup?: number;
  /** Completion tokens asked for (the simulator answers about this long). */
  maxTokens?: number;
  /** Sampling temperature of every case (default 0: one fixed answer per case). */
  temperature?: number;
  /** thresholds.distribution.minSamples; a huge value turns the distribution check off. */
  distributionMinSamples?: number;
}

export interface BenchProject {
  dir: string;
  configFile: string;
  /** Requests the suite sends: cases × repeat × transports × 2 arms (warm-ups not counted). */
  requests: number;
  remove(): void;
}

const TOPICS = ['invoices', 'refunds', 'passwords', 'exports', 'webhooks', 'latency', 'quotas', 'billing'];

export function writeProject(spec: ProjectSpec): BenchProject {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
  mkdirSync(join(dir, 'prompts'));
  const gateway = (name: string, profile: string, baseURL: string, keyEnv: string) => ({
    name,
    profile,
    baseURL,
    keyEnv,
    concurrency: spec.concurrency,
    timeoutMs: 30_000,
    // A capacity run must not hide failures behind retries (and there are none with faults off).
    retries: { max: 0, baseDelayMs: 0, maxDelayMs: 0 },
  });
  const config = {
    version: 1,
    suite: 'prompts',
    baselineDir: 'baseline',
    reportsDir: 'reports',
    defaults: { repeat: spec.repeat, warmup: spec.warmup ?? 0, concurrency: spec.concurrency },
    aliases: { 'gpt-4o-mini': 'openai/gpt-4o-mini' },
    prices: { 'openai/gpt-4o-mini': { input: 0.15, output: 0.6 } },
    ...(spec.distributionMinSamples !== undefined ? { thresholds: { distribution: { minSamples: spec.distributionMinSamples } } } : {}),
    targets: {
      bench: {
        baseline: gateway('llm-gateway-sim', 'llmgateway', spec.baselineURL, 'BENCH_BASELINE_KEY'),
        candidate: gateway('ai-stats-sim', 'aistats', spec.candidateURL, 'BENCH_CANDIDATE_KEY'),
        repeat: spec.repeat,
        warmup: spec.warmup ?? 0,
      },
    },
  };
  const configFile = join(dir, 'eval.config.yaml');
  writeFileSync(configFile, stringify(config));
  const cases = Array.from({ length: spec.cases }, (_, i) => ({
    id: `case-${String(i).padStart(5, '0')}`,
    prompt: `Question ${i}: explain in two sentences how ${TOPICS[i % TOPICS.length]} work for account ${i * 7919}.`,
  }));
  const suite = {
    suite: 'bench',
    defaults: { model: 'gpt-4o-mini', temperature: spec.temperature ?? 0, max_tokens: spec.maxTokens ?? 48, stream: spec.stream },
    cases,
  };
  writeFileSync(join(dir, 'prompts', 'bench.yaml'), stringify(suite));
  return {
    dir,
    configFile,
    requests: spec.cases * spec.repeat * 2 * (spec.stream === 'both' ? 2 : 1),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
