/** One gateway's side of one case, summarised for reports and for the cost/token checks. */
import type { ErrorKind } from '../gateway/types.ts';
import type { ArmSummary, ErrorDetail } from '../gate/types.ts';
import type { ErrorSample, Sample } from '../run/sample.ts';
import { e2eValues, ttftValues } from './latency.ts';
import { okSamples, outputText, truncate } from './output.ts';
import { summarise } from './stats.ts';
import { oneSource } from '../gateway/provenance.ts';

export const SAMPLE_TEXT_MAX_CHARS = 4000;

const MAX_SEEN_AS = 4;
const MAX_EXAMPLE_CHARS = 200;

/** What the client saw: "502 (non-stream)", "200 + event: error (stream)", "no response (stream)". */
export function seenAs(s: Pick<ErrorSample, 'error' | 'stream'>): string {
  const frame = s.error.bodyShape === 'sse-error-event' ? ' + event: error' : s.error.bodyShape === 'sse-error-object' ? ' + error frame' : '';
  return `${s.error.status ?? 'no response'}${frame} (${s.stream ? 'stream' : 'non-stream'})`;
}

/** Adds one error to `detail` (a few distinct answers per kind, the first message). */
export function noteError(detail: ErrorDetail, s: Pick<ErrorSample, 'error' | 'stream'>): void {
  const e = s.error;
  const entry = (detail[e.kind] ??= { seenAs: [], example: '' });
  const how = seenAs(s);
  if (!entry.seenAs.includes(how) && entry.seenAs.length < MAX_SEEN_AS) entry.seenAs.push(how);
  if (entry.example === '') {
    const text = `${e.status ?? 'no response'}${e.code ? ` ${e.code}` : ''}: ${e.message}`.replace(/\s+/g, ' ');
    entry.example = text.length > MAX_EXAMPLE_CHARS ? `${text.slice(0, MAX_EXAMPLE_CHARS - 1)}…` : text;
  }
}

/** Joins the error details of several arms (shards), keeping the first example of each kind. */
export function mergeErrorDetail(details: ReadonlyArray<ErrorDetail | undefined>): ErrorDetail {
  const out: ErrorDetail = {};
  for (const d of details) {
    for (const [kind, v] of Object.entries(d ?? {}) as Array<[keyof ErrorDetail, { seenAs: string[]; example: string }]>) {
      const entry = (out[kind] ??= { seenAs: [], example: v.example });
      for (const how of v.seenAs) if (!entry.seenAs.includes(how) && entry.seenAs.length < MAX_SEEN_AS) entry.seenAs.push(how);
    }
  }
  return out;
}

export function summariseArm(gateway: string, samples: readonly Sample[]): ArmSummary {
  const ok = okSamples(samples);
  const errorKinds: Partial<Record<ErrorKind, number>> = {};
  const errorRequestIds: string[] = [];
  const errorDetail: ErrorDetail = {};
  for (const s of samples) {
    if (s.kind !== 'error') continue;
    errorKinds[s.error.kind] = (errorKinds[s.error.kind] ?? 0) + 1;
    noteError(errorDetail, s);
    const id = s.error.requestId ?? s.requestId;
    if (id !== null) errorRequestIds.push(id);
  }
  // Unknown cost on any successful sample makes the arm's total unknown, never a smaller number.
  let costNanos: number | null = ok.length === 0 ? null : 0;
  for (const s of ok) costNanos = costNanos === null || s.cost.nanos === null ? null : costNanos + s.cost.nanos;
  const ttft = ttftValues(samples);
  const first = [...ok].sort((a, b) => a.repeat - b.repeat || Number(a.stream) - Number(b.stream))[0];
  return {
    gateway,
    samples: samples.length,
    ok: ok.length,
    errors: samples.length - ok.length,
    errorKinds,
    retries: samples.reduce((sum, s) => sum + s.retries, 0),
    e2eMs: summarise(e2eValues(samples)),
    ttftMs: ttft.length > 0 ? summarise(ttft) : null,
    promptTokens: ok.reduce((sum, s) => sum + s.usage.promptTokens, 0),
    completionTokens: ok.reduce((sum, s) => sum + s.usage.completionTokens, 0),
    usageSource: oneSource(ok.map((s) => s.usage.source), 'none'),
    costNanos,
    costSource: oneSource(ok.map((s) => s.cost.source), 'unknown'),
    errorRequestIds,
    errorDetail,
    sampleText: first === undefined ? null : truncate(outputText(first), SAMPLE_TEXT_MAX_CHARS),
  };
}

/** Errors that count against a gateway: an interrupted run (SIGINT) is nobody's error rate. */
export function countedErrors(arm: Pick<ArmSummary, 'errors' | 'errorKinds'>): number {
  return arm.errors - (arm.errorKinds.interrupted ?? 0);
}

export function countedSamples(arm: Pick<ArmSummary, 'samples' | 'errorKinds'>): number {
  return arm.samples - (arm.errorKinds.interrupted ?? 0);
}

/** candidate / baseline of a per-request figure; equal zeros are 1, growth from zero is infinite. */
export function perRequestRatio(candidate: number, baseline: number): number {
  if (baseline === 0) return candidate === 0 ? 1 : Number.POSITIVE_INFINITY;
  return candidate / baseline;
}
