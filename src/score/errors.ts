/**
 * Errors of ordinary (non-contract) cases: rate and kinds per gateway, with request ids.
 * Interrupted requests (the run was stopped) are not counted against either gateway.
 */
import type { ArmSummary, CheckOf } from '../gate/types.ts';
import { countedErrors, countedSamples } from './arm.ts';

export interface ErrorsMetrics {
  baselineErrors: number;
  candidateErrors: number;
  baselineErrorRate: number;
  candidateErrorRate: number;
  /** `kind×n, …` per gateway. */
  baselineKinds: string;
  candidateKinds: string;
  /** Up to 10 request ids of failed requests, space-separated. */
  candidateRequestIds: string;
  baselineRequestIds: string;
}

export type ErrorsCheck = CheckOf<'errors', ErrorsMetrics>;

function kinds(arm: ArmSummary): string {
  return Object.entries(arm.errorKinds)
    .filter(([kind]) => kind !== 'interrupted')
    .map(([kind, n]) => `${kind}×${n}`)
    .join(', ');
}

export function errorsCheck(baseline: ArmSummary, candidate: ArmSummary): ErrorsCheck {
  const baseErrors = countedErrors(baseline);
  const candErrors = countedErrors(candidate);
  const baseRate = countedSamples(baseline) === 0 ? 0 : baseErrors / countedSamples(baseline);
  const candRate = countedSamples(candidate) === 0 ? 0 : candErrors / countedSamples(candidate);
  const metrics: ErrorsMetrics = {
    baselineErrors: baseErrors,
    candidateErrors: candErrors,
    baselineErrorRate: baseRate,
    candidateErrorRate: candRate,
    baselineKinds: kinds(baseline),
    candidateKinds: kinds(candidate),
    candidateRequestIds: candidate.errorRequestIds.slice(0, 10).join(' '),
    baselineRequestIds: baseline.errorRequestIds.slice(0, 10).join(' '),
  };
  const ids = candidate.errorRequestIds.length > 0 ? `; request ids: ${candidate.errorRequestIds.slice(0, 5).join(', ')}` : '';
  if (candErrors === 0) return { check: 'errors', verdict: 'pass', reason: `No candidate errors (baseline ${baseErrors}).`, metrics };
  if (baseErrors === 0) {
    return {
      check: 'errors',
      verdict: 'fail',
      reason: `${candidate.gateway} failed ${candErrors}/${countedSamples(candidate)} requests (${kinds(candidate)}) where ${baseline.gateway} had none${ids}.`,
      metrics,
    };
  }
  // Both sides failed: the prompt or the shared upstream may be at fault, so only a higher rate is suspicious.
  if (candRate > baseRate) {
    return {
      check: 'errors',
      verdict: 'inconclusive',
      reason: `Both gateways had errors; ${candidate.gateway} more often (${(candRate * 100).toFixed(0)} % vs ${(baseRate * 100).toFixed(0)} %: ${kinds(candidate)})${ids}.`,
      metrics,
    };
  }
  return {
    check: 'errors',
    verdict: 'pass',
    reason: `Both gateways had errors, ${candidate.gateway} no more often (${(candRate * 100).toFixed(0)} % vs ${(baseRate * 100).toFixed(0)} %).`,
    metrics,
  };
}
