/**
 * The plan of a run, before anything is sent: how many requests (cases × repeats × transports ×
 * gateways + warm-up), about how many tokens, and about what they cost at the prices known up
 * front. Printed before every eval and baseline run, printed alone by `eval --plan`, and checked
 * against `--max-requests`. Pure: plain data in, plain data out (no I/O, no tokenizer load).
 */
import { canonicalModelId, mapModel } from '../gateway/alias.ts';
import { priceUsage, type Price } from '../gateway/cost.ts';
import type { ProfileName } from '../gateway/types.ts';
import type { PromptCase } from '../suite/types.ts';
import type { OkSample, Sample } from './sample.ts';
import type { Thresholds } from '../config/schema.ts';
import { formatDetection, planDetection, type DetectionPlan } from './detection.ts';
import { repeatOf } from './scheduler.ts';

/** What the plan is made from. */
export interface PlanInput {
  cases: readonly PromptCase[];
  /** One entry per gateway the run sends to (eval: baseline and candidate; baseline: one). */
  arms: ReadonlyArray<{ profile: ProfileName }>;
  /** `--repeat`: overrides the repeat of ordinary (non-contract) cases. */
  repeat: number | undefined;
  /** Warm-up requests per gateway. */
  warmup: number;
  aliases: Readonly<Record<string, string>>;
  /** Price of a canonical model id (`openai/gpt-4o`) known before the run, or null. */
  price: (canonicalModel: string) => Price | null;
  /** Where those prices come from, as the plan line names it ("configured"). */
  priceSource: string;
  /** Stored baseline samples per case id (their recorded usage is the best token estimate). */
  recorded: (caseId: string) => readonly Sample[] | null;
  /** The gate's thresholds, for what the run can detect (eval only: a baseline run judges nothing). */
  thresholds?: Thresholds;
}

export interface RunPlan {
  /** Everything sent: measured requests plus warm-up. */
  requests: number;
  /** Requests whose results are measured (what "N of M requests" counts). */
  measured: number;
  warmup: number;
  cases: number;
  gateways: number;
  /** Smallest and largest samples per case, gateway and transport. */
  repeat: { min: number; max: number };
  /** Transports per case: 1 (stream or not) or 2 (both). */
  transports: { min: number; max: number };
  /** Estimated tokens of every request, prompt + completion (contract cases, which fail on purpose, count none). */
  tokens: number;
  /** Ordinary cases with no completion estimate (no recorded usage and no max_tokens): their completions are not in `tokens`. */
  unestimated: string[];
  /** How the token figure was made. */
  tokenSource: 'recorded' | 'estimated' | 'mixed';
  /** Estimated cost in nanos of what is priced; null when nothing is. */
  costNanos: number | null;
  priceSource: string;
  /** Canonical model ids with no price known up front: their requests are not in `costNanos`. */
  unpriced: string[];
  /** What the latency checks can detect at these sizes (eval only). */
  detection: DetectionPlan | null;
}

/** ≈ 4 characters per token plus the chat framing: a plan needs a size, not the tokenizer's 100 ms and 70 MB. */
function roughPromptTokens(c: PromptCase): number {
  let chars = 0;
  for (const m of c.messages) {
    chars += typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content).length;
  }
  return Math.ceil(chars / 4) + 3 * c.messages.length + 3;
}

interface PerRequest {
  prompt: number;
  completion: number | null;
  recorded: boolean;
}

/** Tokens of one request of a case: the stored baseline's mean usage, else a rough count and max_tokens. */
function perRequest(c: PromptCase, recorded: readonly Sample[] | null): PerRequest {
  const ok = (recorded ?? []).filter((s): s is OkSample => s.kind === 'ok');
  if (ok.length > 0) {
    const mean = (pick: (s: OkSample) => number) => ok.reduce((n, s) => n + pick(s), 0) / ok.length;
    return { prompt: mean((s) => s.usage.promptTokens), completion: mean((s) => s.usage.completionTokens), recorded: true };
  }
  return { prompt: roughPromptTokens(c), completion: c.params.max_tokens ?? null, recorded: false };
}

export function planRun(input: PlanInput): RunPlan {
  const gateways = input.arms.length;
  const ordinary = input.cases.filter((c) => c.expectError === undefined);
  const first = ordinary[0];
  const warmup = first === undefined ? 0 : input.warmup * gateways;
  let measured = 0;
  let tokens = 0;
  let costNanos = 0;
  let priced = false;
  const unpriced = new Set<string>();
  const unestimated: string[] = [];
  const sources = new Set<boolean>();
  const repeats: number[] = [];
  const transports: number[] = [];

  const account = (c: PromptCase, requestsPerArm: number, t: PerRequest): void => {
    const completion = t.completion ?? 0;
    tokens += requestsPerArm * gateways * (t.prompt + completion);
    for (const arm of input.arms) {
      const model = canonicalModelId(mapModel(c.model, { profile: arm.profile, aliases: input.aliases }));
      const price = input.price(model);
      if (price === null) {
        unpriced.add(model);
        continue;
      }
      priced = true;
      const usage = { promptTokens: Math.round(t.prompt), completionTokens: Math.round(completion), cachedTokens: 0 };
      costNanos += requestsPerArm * priceUsage(usage, price);
    }
  };

  for (const c of input.cases) {
    const n = repeatOf(c, input.repeat);
    repeats.push(n);
    transports.push(c.streamModes.length);
    measured += n * c.streamModes.length * gateways;
    // Contract cases fail on purpose, before any token is spent.
    if (c.expectError !== undefined) continue;
    const t = perRequest(c, input.recorded(c.id));
    sources.add(t.recorded);
    if (t.completion === null) unestimated.push(c.id);
    account(c, n * c.streamModes.length, t);
  }
  if (first !== undefined && input.warmup > 0) account(first, input.warmup, perRequest(first, input.recorded(first.id)));

  return {
    requests: measured + warmup,
    measured,
    warmup,
    cases: input.cases.length,
    gateways,
    repeat: { min: Math.min(...repeats), max: Math.max(...repeats) },
    transports: { min: Math.min(...transports), max: Math.max(...transports) },
    tokens: Math.round(tokens),
    unestimated,
    tokenSource: sources.size > 1 ? 'mixed' : sources.has(true) ? 'recorded' : 'estimated',
    costNanos: priced ? costNanos : null,
    priceSource: input.priceSource,
    unpriced: [...unpriced].sort(),
    detection: input.thresholds === undefined ? null : planDetection(input.cases, input.repeat, input.thresholds, input.recorded),
  };
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const range = (r: { min: number; max: number }): string => (r.min === r.max ? int(r.min) : `${int(r.min)}–${int(r.max)}`);
const plural = (r: { min: number; max: number }, word: string): string => `${range(r)} ${word}${r.max === 1 ? '' : 's'}`;

function usd(nanos: number): string {
  const v = nanos / 1e9;
  if (v === 0) return '$0';
  if (v >= 100) return `$${int(v)}`;
  if (v >= 1) return `$${v.toFixed(2)}`;
  return `$${v.toPrecision(2)}`;
}

/**
 * One line: `will send N requests (M cases × repeat × transports × G gateways + W warm-up), ≈ T
 * tokens, ≈ $C at <source> prices`, with what the estimates leave out said after it.
 */
export function formatPlan(p: RunPlan): string {
  const shape = `${int(p.cases)} case${p.cases === 1 ? '' : 's'} × ${plural(p.repeat, 'repeat')} × ${plural(p.transports, 'transport')} × ${p.gateways} gateway${p.gateways === 1 ? '' : 's'}${p.warmup ? ` + ${int(p.warmup)} warm-up` : ''}`;
  const estimated = 'prompts at ≈ 4 characters a token, completions at their max_tokens';
  const how = { recorded: 'as recorded in the stored baseline', mixed: `as recorded in the stored baseline, else ${estimated}`, estimated }[p.tokenSource];
  const tokens = `≈ ${int(p.tokens)} tokens (${how})`;
  const cost =
    p.costNanos === null
      ? // Only prices: is known before the gateways start; the run itself prices from their catalogs.
        `cost not estimated here (no ${p.priceSource} price for ${p.unpriced.join(', ')}; the run prices from the catalogs where they list one)`
      : `≈ ${usd(p.costNanos)} at ${p.priceSource} prices`;
  const left: string[] = [];
  if (p.costNanos !== null && p.unpriced.length) left.push(`no ${p.priceSource} price for ${p.unpriced.join(', ')}`);
  if (p.unestimated.length) left.push(`completions of ${p.unestimated.length} case(s) with no max_tokens and no recorded usage`);
  const detects = p.detection === null ? '' : `; ${formatDetection(p.detection)}`;
  return `will send ${int(p.requests)} requests (${shape}), ${tokens}, ${cost}${left.length ? `; not counted: ${left.join('; ')}` : ''}${detects}`;
}

/** A run larger than this needs `--max-requests` raised on purpose. */
export const DEFAULT_MAX_REQUESTS = 20_000;
