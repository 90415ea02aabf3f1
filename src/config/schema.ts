/** The schema of eval.config.yaml: the single source of truth for its shape and defaults. */
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
/** Bounds shared with the command line (src/commands/eval.ts) and the suite schema. */
export const MAX_CONCURRENCY = 1024;
export const MAX_REPEAT = 10_000;
const repeatInt = positiveInt.max(MAX_REPEAT);

export const RetrySchema = z.strictObject({
  max: nonNegInt.default(2),
  baseDelayMs: nonNegInt.default(250),
  maxDelayMs: nonNegInt.default(8000),
});

export const LatencyModelSchema = z.strictObject({
  /** Fixed server time before the first byte, ms. */
  baseMs: z.number().nonnegative().default(40),
  /** Added per completion token, ms (non-streamed: all at once; streamed: between chunks). */
  perTokenMs: z.number().nonnegative().default(0.4),
  /** Seeded multiplicative jitter, ± this fraction (0.1 = ±10 %). */
  jitter: z.number().min(0).max(1).default(0.1),
});

/**
 * Fault kinds, named after what the client sees; each profile renders the real gateway's answer
 * (src/sim/faults.ts holds what each one reproduces, shown by `serve-sim --help`).
 */
export const FaultKind = z.enum([
  'http-429',
  'http-429-retry-after',
  'http-500',
  'http-502',
  'http-504',
  'http-529',
  'upstream-rate-limited',
  'upstream-failed',
  'upstream-unreachable',
  'upstream-not-json',
  'reset',
  'hang',
  'not-json',
  'stream-cut',
  'stream-error',
  'slow-drip',
]);
export type FaultKind = z.infer<typeof FaultKind>;

/**
 * How a simulated gateway serves a different output distribution under the same model name
 * (issue 16): the silent substitutions the `distribution` check exists to catch. Each field is one
 * knob; several may be combined. Documented in `serve-sim --help` and docs/DISTRIBUTION.md.
 */
export const DistortionSchema = z.strictObject({
  otherModel: z.number().min(0).max(1).default(0).describe('share of the training text from another mix: 0 = the reference model, 1 = another model'),
  temperatureIgnored: z.boolean().default(false).describe('serve every request at the default temperature 1'),
  temperatureScale: z.number().positive().default(1).describe("multiply the requested temperature (0.5: OpenAI's 0-2 value halved for a 0-1 provider)"),
  temperatureMax: z.number().nonnegative().optional().describe('clamp the temperature to at most this'),
  topPIgnored: z.boolean().default(false).describe('drop top_p (serve 1)'),
  topPMin: z.number().min(0).max(1).optional().describe('raise top_p to at least this'),
  logitNoise: z.number().nonnegative().default(0).describe('fixed noise (nats) on every next-token log-probability: quantized weights'),
  maxTokensIgnored: z.boolean().default(false).describe('generate past max_tokens'),
  seedIgnored: z.boolean().default(false).describe('drop seed (seeded requests vary like unseeded ones)'),
  systemPrompt: z.string().min(1).optional().describe('a system message prepended to every conversation'),
  models: z.array(z.string()).min(1).optional().describe('canonical model ids (google/gemini-2.0-flash) it applies to; all when left out'),
});
export type Distortion = z.infer<typeof DistortionSchema>;

export const SimSchema = z.strictObject({
  seed: z.number().int().default(1),
  latency: LatencyModelSchema.prefault({}),
  /** Regressions the candidate simulator injects (target local-drift). */
  drift: z
    .strictObject({
      /** Fraction of distinct prompts whose output is changed (chosen by a hash of the prompt). */
      changeOutputs: z.number().min(0).max(1).default(0),
      /** Multiplies the latency model (1.4 = 40 % slower). */
      latencyFactor: z.number().positive().default(1),
      /** Answer an unknown model with 500 instead of the profile's 400. */
      unknownModelStatus: z.number().int().optional(),
    })
    .optional(),
  faults: z
    .strictObject({
      rate: z.number().min(0).max(1),
      kinds: z.array(FaultKind).min(1),
      seed: z.number().int().default(7),
    })
    .optional(),
  /** A fraction of requests `factor` × slower (a cold replica, a slow route): a slow tail, seeded. */
  slowTail: z
    .strictObject({
      fraction: z.number().min(0).max(1),
      factor: z.number().min(1),
      seed: z.number().int().default(13),
    })
    .optional(),
  /**
   * A share of FIRST attempts answered with a fault (default http-429); the retry of that request
   * (the next request with the same body) is answered normally, so only retries hide it.
   */
  firstAttemptFaults: z
    .strictObject({
      rate: z.number().min(0).max(1),
      kind: FaultKind.default('http-429'),
      seed: z.number().int().default(17),
    })
    .optional(),
  /**
   * Reproduce the older recorded snapshot instead of the newest known behaviour (LLM Gateway
   * June 2025: flat `{error:true,…}` bodies, `tools`/`n`/`user` silently dropped, no rate-limit headers).
   */
  legacy: z.boolean().default(false),
  /** Model ids (canonical) this simulated gateway's catalog leaves out. */
  missingModels: z.array(z.string()).default([]),
  /**
   * Model ids (canonical) served without a usable price: AI Stats answers `usage.pricing` with
   * `total_nanos: 0` and no lines and lists null meters; LLM Gateway lists prices of "0".
   */
  unpricedModels: z.array(z.string()).default([]),
  /**
   * Model ids (canonical) whose upstream sends no usage: AI Stats answers usage {0,0,0} (no usage
   * chunk when streamed); LLM Gateway streams its own estimate (about chars/4), twice, and
   * passes the missing usage through unstreamed.
   */
  upstreamOmitsUsage: z.array(z.string()).default([]),
  /** LLM Gateway: providers with no key configured; their models answer 400 "No API key set in environment for provider: …". */
  providersWithoutKey: z.array(z.string()).default([]),
  /** Serve a different output distribution under the same model name (target local-substituted). */
  distortion: DistortionSchema.optional(),
});
export type SimSpec = z.infer<typeof SimSchema>;

export const PriceSchema = z.strictObject({
  /** USD per million tokens. */
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached: z.number().nonnegative().optional(),
});

export const GatewaySchema = z
  .strictObject({
    name: z.string().min(1),
    profile: z.enum(['llmgateway', 'aistats', 'openai-compatible']),
    /** Base URL including /v1. Omitted for simulated gateways (a loopback port is chosen at run time). */
    baseURL: z.url().optional(),
    /** Name of the environment variable that holds the API key. */
    keyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name').optional(),
    sim: SimSchema.optional(),
    concurrency: positiveInt.max(MAX_CONCURRENCY).optional(),
    timeoutMs: positiveInt.optional(),
    retries: RetrySchema.optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .refine((g) => g.baseURL !== undefined || g.sim !== undefined, {
    message: 'needs either baseURL (a real gateway) or sim (a simulated one)',
  });
export type GatewaySpec = z.infer<typeof GatewaySchema>;

export const ThresholdsSchema = z.strictObject({
  similarity: z
    .strictObject({
      /** How far below the baseline's own noise floor a candidate may fall. */
      margin: z.number().min(0).max(1).default(0.05),
      /** Absolute floor when the case does not set one. */
      min: z.number().min(0).max(1).default(0.8),
    })
    .prefault({}),
  latency: z
    .strictObject({
      p50: z.number().nonnegative().default(0.1),
      p95: z.number().nonnegative().default(0.2),
      p99: z.number().nonnegative().default(0.3),
      alpha: z.number().gt(0).lt(1).default(0.05),
      minSamples: positiveInt.default(5),
      /** p95 is only gated with at least this many samples per arm; below 20 it is one or two samples. */
      p95MinSamples: positiveInt.min(20, 'must be at least 20: below 20 samples a p95 is the largest one or two samples').default(20),
      /** p99 is only gated with at least this many samples per arm. */
      p99MinSamples: positiveInt.default(100),
    })
    .prefault({}),
  cost: z.strictObject({ ratio: z.number().nonnegative().default(0.25) }).prefault({}),
  tokens: z.strictObject({ ratio: z.number().nonnegative().default(0.25) }).prefault({}),
  errorRate: z
    .strictObject({
      /** Error-rate increase (absolute, 0.02 = two points) that matters, candidate vs baseline; also per first-attempt error kind. */
      increase: z.number().min(0).max(1).default(0.02),
      /** SLO: the highest acceptable error rate of a gateway, whatever the other one does. */
      max: z.number().min(0).max(1).default(0.05),
    })
    .prefault({}),
  /** Output distribution (cases at temperature > 0): MMD two-sample test, per case and pooled. */
  distribution: z
    .strictObject({
      alpha: z.number().gt(0).lt(1).default(0.05),
      /** Text completions per arm a case needs to be tested. */
      minSamples: z.number().int().min(2).default(5),
      /** Random permutations per test (the p-value's resolution is 1 / (permutations + 1)). */
      permutations: z.number().int().min(19).max(99_999).default(999),
      /** Seeds the permutations: the same samples give the same p-values. */
      seed: z.number().int().default(1),
      /** Characters of each completion compared (L); longer completions are truncated. */
      maxChars: z.number().int().positive().default(2000),
    })
    .prefault({}),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const TargetSchema = z.strictObject({
  description: z.string().optional(),
  baseline: GatewaySchema,
  candidate: GatewaySchema,
  /** Baseline file to compare against (default baseline/<target>.json). */
  baselineFile: z.string().optional(),
  repeat: repeatInt.optional(),
  warmup: nonNegInt.optional(),
});
export type TargetSpec = z.infer<typeof TargetSchema>;

export const ConfigSchema = z.strictObject({
  version: z.literal(1),
  /** Folder of prompt suites (*.yaml), relative to the config file. */
  suite: z.string().default('prompts'),
  baselineDir: z.string().default('baseline'),
  reportsDir: z.string().default('reports'),
  defaults: z
    .strictObject({
      repeat: repeatInt.default(5),
      warmup: nonNegInt.default(2),
      concurrency: positiveInt.max(MAX_CONCURRENCY).default(8),
      timeoutMs: positiveInt.default(60_000),
      retries: RetrySchema.prefault({}),
    })
    .prefault({}),
  /** Application model id → candidate model id. The alias function falls back to known org prefixes. */
  aliases: z.record(z.string(), z.string()).default({}),
  /** Configured prices by canonical model id (`openai/gpt-4o`), used when a gateway reports no cost. */
  prices: z.record(z.string(), PriceSchema).default({}),
  thresholds: ThresholdsSchema.prefault({}),
  targets: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), TargetSchema),
});
export type Config = z.infer<typeof ConfigSchema>;
