/**
 * Run-level numbers per gateway, accumulated sample by sample (only numbers are kept, never
 * texts), for the totals table and the latency plots.
 */
import type { ArmCounts } from '../gate/digest.ts';
import type { ArmSummary, ErrorDetail } from '../gate/types.ts';
import { noteError } from '../score/arm.ts';
import type { ErrorKind } from '../gateway/types.ts';
import { oneSource } from '../gateway/provenance.ts';
import { summarise } from '../score/stats.ts';
import type { Sample } from './sample.ts';

export class ArmTotals {
  readonly e2eMs: number[] = [];
  readonly ttftMs: number[] = [];
  #samples = 0;
  #ok = 0;
  #errors = 0;
  #retries = 0;
  #prompt = 0;
  #completion = 0;
  readonly #usageSources = new Set<ArmSummary['usageSource']>();
  #costNanos = 0;
  #costUnknown = 0;
  readonly #costSources = new Set<string>();
  readonly #errorKinds: Partial<Record<ErrorKind, number>> = {};
  readonly #errorDetail: ErrorDetail = {};
  readonly #errorIds: string[] = [];

  constructor(readonly gateway: string) {}

  /** `contract`: contract-case samples count for error ids but not for latency or error rate. */
  add(s: Sample, contract: boolean): void {
    if (contract) return;
    this.#samples++;
    this.#retries += s.retries;
    if (s.kind === 'error') {
      this.#errors++;
      this.#errorKinds[s.error.kind] = (this.#errorKinds[s.error.kind] ?? 0) + 1;
      noteError(this.#errorDetail, s);
      if (s.requestId !== null && this.#errorIds.length < 50) this.#errorIds.push(s.requestId);
      return;
    }
    this.#ok++;
    this.e2eMs.push(s.timings.e2eMs);
    if (s.stream && s.timings.ttftMs !== null) this.ttftMs.push(s.timings.ttftMs);
    this.#prompt += s.usage.promptTokens;
    this.#completion += s.usage.completionTokens;
    this.#usageSources.add(s.usage.source);
    this.#costSources.add(s.cost.source);
    if (s.cost.nanos === null) this.#costUnknown++;
    else this.#costNanos += s.cost.nanos;
  }

  get samples(): number {
    return this.#samples;
  }

  summary(): ArmSummary {
    const sources = [...this.#costSources];
    return {
      gateway: this.gateway,
      samples: this.#samples,
      ok: this.#ok,
      errors: this.#errors,
      errorKinds: { ...this.#errorKinds },
      retries: this.#retries,
      e2eMs: summarise(this.e2eMs),
      ttftMs: this.ttftMs.length > 0 ? summarise(this.ttftMs) : null,
      promptTokens: this.#prompt,
      completionTokens: this.#completion,
      usageSource: oneSource([...this.#usageSources], 'none'),
      costNanos: this.#costUnknown > 0 || this.#ok === 0 ? null : this.#costNanos,
      costSource: oneSource(sources as ArmSummary['costSource'][], 'unknown'),
      errorRequestIds: [...this.#errorIds],
      errorDetail: structuredClone(this.#errorDetail),
      sampleText: null,
    };
  }
}

/**
 * The headline cost and token totals without the cases that are not like for like (a gateway
 * ignored a requested feature): their cost is of different work. Latency and counts stay.
 */
export function withoutCases(arm: ArmSummary, removed: readonly ArmCounts[]): ArmSummary {
  if (removed.length === 0) return arm;
  let costNanos = arm.costNanos;
  for (const r of removed) costNanos = costNanos === null || r.costNanos === null ? costNanos : costNanos - r.costNanos;
  return {
    ...arm,
    costNanos,
    promptTokens: arm.promptTokens - removed.reduce((n, r) => n + r.promptTokens, 0),
    completionTokens: arm.completionTokens - removed.reduce((n, r) => n + r.completionTokens, 0),
  };
}
