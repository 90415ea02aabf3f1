/**
 * The noise model of the calibration trials: requests of one gateway as the runner records
 * them, drawn from a seeded generator instead of sent over HTTP (200+ trials of a 20-case suite
 * over loopback would take hours, and loopback timing is not what a team meets in staging).
 *
 * - Latency: lognormal per request around the case's median, spread LOG_SPREAD (SD of ln ms).
 *   0.25 means the middle half of a case's repeats lies within about ±17 % of its median, and
 *   p95 ≈ 1.5 × median — what repeated identical requests to a hosted model show once queueing
 *   and generation-length variation are in (wider than the simulator's ±10 % uniform jitter,
 *   which is a floor, narrower than across-prompt variation, which the stratified run-level test
 *   removes). Case medians are spread log-uniformly over 300 ms … 3 s.
 * - A slow tail: a fraction of calls `factor` × slower (a cold replica, a slow upstream route).
 * - Errors: a share of requests fail for good (kind `server`, retried and still failing).
 * - First-attempt faults: a share of first attempts answered with an error of a kind (429); the
 *   retry succeeds after the back-off of the retry policy (full jitter up to 250 ms), which the
 *   application-seen latency includes.
 * - Outputs: identical text on both arms unless a scenario says otherwise (similarity has its own).
 */
import type { ErrorKind } from '../gateway/types.ts';
import type { ErrorSample, OkSample, Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import { normalVariate, type Rng } from '../util/prng.ts';

export const LOG_SPREAD = 0.25;
export const MEDIAN_RANGE_MS = [300, 3000] as const;
/** The default retry policy's first back-off: full jitter up to 250 ms. */
export const BACKOFF_MS = 250;

export interface ArmModel {
  /** Multiplies every latency (1.3 = 30 % slower). */
  slowdown?: number;
  /** A fraction of calls `factor` × slower. */
  slowTail?: { fraction: number; factor: number };
  /** Share of requests that fail for good. */
  errorRate?: number;
  /** Share of first attempts answered with an error of `kind`; the retry succeeds. */
  firstAttempt?: { rate: number; kind: ErrorKind; status: number };
  /** Log-spread of latency (default LOG_SPREAD). */
  spread?: number;
  /** Completion tokens of one successful request of a case (default 40): sampled answers vary. Cost follows (gpt-4o prices). */
  completionTokens?: (next: Rng, caseId: string) => number;
}

/** gpt-4o: $2.50 / $10 per million tokens, in nanodollars per token. */
const PRICE_NANOS = { input: 2500, output: 10_000 };
const PROMPT_TOKENS = 20;

export function caseMedianMs(next: Rng): number {
  const [lo, hi] = MEDIAN_RANGE_MS;
  return lo * (hi / lo) ** next();
}

export function testCase(id: string, over: Partial<PromptCase> = {}): PromptCase {
  return {
    id,
    file: 'calibration.yaml',
    line: 1,
    tags: [],
    model: 'gpt-4o',
    messages: [{ role: 'user', content: `Calibration prompt ${id}` }],
    params: { temperature: 0 },
    streamModes: [false],
    repeat: 5,
    compare: 'text',
    thresholds: {},
    assertions: [],
    hash: id,
    ...over,
  };
}

/** `n` requests of one arm for one case. */
export function drawArm(next: Rng, role: 'baseline' | 'candidate', caseId: string, medianMs: number, n: number, m: ArmModel = {}): Sample[] {
  const gateway = role === 'baseline' ? 'LLM Gateway' : 'AI Stats Gateway';
  const out: Sample[] = [];
  for (let repeat = 0; repeat < n; repeat++) {
    let e2eMs = medianMs * (m.slowdown ?? 1) * Math.exp((m.spread ?? LOG_SPREAD) * normalVariate(next));
    if (m.slowTail !== undefined && next() < m.slowTail.fraction) e2eMs *= m.slowTail.factor;
    const base = { role, gateway, caseId, caseHash: caseId, repeat, stream: false, model: 'gpt-4o', requestId: `${role}-${caseId}-${repeat}`, startedAt: '2026-01-01T00:00:00.000Z' };
    if (m.errorRate !== undefined && next() < m.errorRate) {
      const error: ErrorSample = {
        ...base,
        kind: 'error',
        timings: { queuedMs: 0, ttftMs: null, e2eMs, tpotMs: null, maxGapMs: null, appMs: e2eMs },
        retries: 2,
        firstError: { kind: 'server', status: 502 },
        error: { kind: 'server', status: 502, code: null, message: 'upstream failed', requestId: null, sdkClass: 'InternalServerError', bodyShape: 'openai-envelope' },
      };
      out.push(error);
      continue;
    }
    const faulted = m.firstAttempt !== undefined && next() < m.firstAttempt.rate;
    const completionTokens = m.completionTokens?.(next, caseId) ?? 40;
    const firstAttemptMs = faulted ? medianMs * 0.05 : 0; // a 429 answers fast
    const backoff = faulted ? next() * BACKOFF_MS : 0;
    const ok: OkSample = {
      ...base,
      kind: 'ok',
      timings: { queuedMs: 0, ttftMs: null, e2eMs, tpotMs: null, maxGapMs: null, appMs: firstAttemptMs + backoff + e2eMs },
      retries: faulted ? 1 : 0,
      firstError: faulted && m.firstAttempt ? { kind: m.firstAttempt.kind, status: m.firstAttempt.status } : null,
      text: `The answer to ${caseId}.`,
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: PROMPT_TOKENS, completionTokens, cachedTokens: 0, source: 'reported' },
      cost: { source: 'configured', nanos: PROMPT_TOKENS * PRICE_NANOS.input + completionTokens * PRICE_NANOS.output },
      findings: [],
    };
    out.push(ok);
  }
  return out;
}
