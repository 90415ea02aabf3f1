/** One gateway's side of one case, summarised for reports and for the cost/token checks. */
import type { ErrorKind } from '../gateway/types.ts';
import type { ArmSummary } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import { e2eValues, ttftValues } from './latency.ts';
import { okSamples, outputText, truncate } from './output.ts';
import { summarise } from './stats.ts';
import { oneSource } from '../gateway/provenance.ts';

export const SAMPLE_TEXT_MAX_CHARS = 4000;

export function summariseArm(gateway: string, samples: readonly Sample[]): ArmSummary {
  const ok = okSamples(samples);
  const errorKinds: Partial<Record<ErrorKind, number>> = {};
  const errorRequestIds: string[] = [];
  for (const s of samples) {
    if (s.kind !== 'error') continue;
    errorKinds[s.error.kind] = (errorKinds[s.error.kind] ?? 0) + 1;
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
