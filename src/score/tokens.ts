/**
 * Token usage per case: mean prompt + completion tokens per successful request, candidate vs
 * baseline, with the usage source (provenance.ts). More tokens above thresholds.tokens.ratio
 * fails (they are billed); fewer is reported. Counts of different kinds (reported vs a
 * gateway's or cutover's estimate, missing usage) are shown side by side, never gated.
 */
import type { Thresholds } from '../config/schema.ts';
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { comparableUsage } from '../gateway/provenance.ts';
import { perRequestRatio } from './arm.ts';

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
}

export type TokensCheck = CheckOf<'tokens', TokensMetrics>;

export function tokensCheck(baseline: ArmSummary, candidate: ArmSummary, thresholds: Thresholds['tokens']): TokensCheck {
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
  const ratio = perRequestRatio(perCand, perBase);
  const counted: TokensMetrics = Object.assign({}, metrics, { baselinePerRequest: perBase, candidatePerRequest: perCand, ratio: Number.isFinite(ratio) ? ratio : null });
  const shown = `${perCand.toFixed(1)} vs ${perBase.toFixed(1)} tokens per request (${candidate.usageSource} vs ${baseline.usageSource})`;
  if (!comparableUsage(baseline.usageSource, candidate.usageSource)) {
    return { check: 'tokens', verdict: 'not-comparable', reason: `Token counts are not like for like, so not gated: ${shown}.`, metrics: counted };
  }
  if (ratio > 1 + thresholds.ratio) {
    return { check: 'tokens', verdict: 'fail', reason: `Token usage up ×${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}: ${shown}.`, metrics: counted };
  }
  return { check: 'tokens', verdict: 'pass', reason: `Token usage ×${ratio.toFixed(2)}: ${shown}.`, metrics: counted };
}
