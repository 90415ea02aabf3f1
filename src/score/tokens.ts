/**
 * Token usage per case: mean prompt + completion tokens per successful request, candidate vs
 * baseline, with the usage source (provenance.ts). More tokens (they are billed) fails by the one
 * rule on per-request counts (amounts.ts: Mann-Whitney evidence, bootstrap interval of the ratio
 * of means against thresholds.tokens.ratio), Holm across cases — so the length variation of
 * sampled answers is not called a regression; fewer is reported. Counts of different kinds
 * (reported vs a gateway's or cutover's estimate, missing usage) are shown side by side, never gated.
 */
import type { Thresholds } from '../config/schema.ts';
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { comparableUsage } from '../gateway/provenance.ts';
import type { Sample } from '../run/sample.ts';
import { amountCriterion, judgeAmount, type AmountCriterion } from './amounts.ts';

export interface TokensMetrics {
  baselinePromptTokens: number;
  baselineCompletionTokens: number;
  candidatePromptTokens: number;
  candidateCompletionTokens: number;
  baselineSource: ArmSummary['usageSource'];
  candidateSource: ArmSummary['usageSource'];
  maxIncrease: number;
  /** Only when both sides have successful requests. */
  baselinePerRequest?: number;
  candidatePerRequest?: number;
  ratio?: number | null;
  alpha?: number;
  /** The comparison of per-request token counts, with its evidence and interval. */
  criteria?: AmountCriterion[];
  /** Set by the gate: hypotheses in the Holm family. */
  holmFamily?: number;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across. */
  families?: number;
}

export type TokensCheck = CheckOf<'tokens', TokensMetrics>;

/** Prompt + completion tokens of each successful request. */
export function tokenValues(samples: readonly Sample[]): number[] {
  return samples.flatMap((s) => (s.kind === 'ok' ? [s.usage.promptTokens + s.usage.completionTokens] : []));
}

function detail(m: TokensMetrics): string {
  return `${(m.candidatePerRequest ?? 0).toFixed(1)} vs ${(m.baselinePerRequest ?? 0).toFixed(1)} tokens per request (${m.candidateSource} vs ${m.baselineSource})`;
}

export function tokensCheck(baseline: ArmSummary, candidate: ArmSummary, thresholds: Thresholds['tokens'], samples: { baseline: readonly Sample[]; candidate: readonly Sample[] }, alpha: number): TokensCheck {
  const metrics: TokensMetrics = {
    baselinePromptTokens: baseline.promptTokens,
    baselineCompletionTokens: baseline.completionTokens,
    candidatePromptTokens: candidate.promptTokens,
    candidateCompletionTokens: candidate.completionTokens,
    baselineSource: baseline.usageSource,
    candidateSource: candidate.usageSource,
    maxIncrease: thresholds.ratio,
  };
  if (baseline.ok === 0 || candidate.ok === 0) {
    return { check: 'tokens', verdict: 'inconclusive', reason: 'No successful requests on one side to count tokens for.', metrics };
  }
  const perBase = (baseline.promptTokens + baseline.completionTokens) / baseline.ok;
  const perCand = (candidate.promptTokens + candidate.completionTokens) / candidate.ok;
  const criterion = amountCriterion('tokens', tokenValues(samples.baseline), tokenValues(samples.candidate), thresholds.ratio, alpha);
  const ratio = criterion?.ratio ?? (perBase === 0 ? (perCand === 0 ? 1 : Number.POSITIVE_INFINITY) : perCand / perBase);
  const counted: TokensMetrics = Object.assign({}, metrics, { baselinePerRequest: perBase, candidatePerRequest: perCand, ratio: Number.isFinite(ratio) ? ratio : null, alpha, criteria: criterion === null ? [] : [criterion] });
  if (!comparableUsage(baseline.usageSource, candidate.usageSource)) {
    return { check: 'tokens', verdict: 'not-comparable', reason: `Token counts are not like for like, so not gated: ${detail(counted)}.`, metrics: counted };
  }
  return rejudgeTokens({ check: 'tokens', verdict: 'pass', reason: '', metrics: counted }, [criterion?.pValue ?? 1], 1);
}

/** Re-judge on adjusted p-values (one per criterion) within a Holm family of `family`, across `families` checks. */
export function rejudgeTokens(check: TokensCheck, adjusted: readonly number[], family: number, families = 1): TokensCheck {
  const m = check.metrics;
  const c = m.criteria?.[0];
  if (c === undefined || m.alpha === undefined) return check;
  // Object.assign, not `{ ...a, b }` (a hidden class per object in V8; see latency.ts).
  const criterion = Object.assign({}, c, { pAdjusted: adjusted[0] ?? c.pValue });
  const metrics = Object.assign({}, m, { criteria: [criterion], holmFamily: family }, families > 1 ? { families } : {});
  return Object.assign({}, check, judgeAmount('Token usage', criterion, m.alpha, detail(m)), { metrics });
}
