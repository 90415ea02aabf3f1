/**
 * Score one case: run every check that applies and combine them. Verdict: fail if any check
 * fails, else inconclusive if any is inconclusive, else pass (skipped checks do not count).
 * Stale, new and baseline-less cases are compared with the live baseline only.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CaseResult, CaseStatus, CheckResult, CheckVerdict, Verdict } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import { summariseArm } from './arm.ts';
import { assertionsCheck } from './assertions.ts';
import { contractCheck } from './contract.ts';
import { costCheck } from './cost.ts';
import { distributionCheck } from './distribution.ts';
import { errorsCheck } from './errors.ts';
import { featuresCheck } from './features.ts';
import { appLatencyCheck, e2eValues, latencyCheck, ttftCheck, ttftValues } from './latency.ts';
import { firstAttemptCheck } from './first-attempt.ts';
import { similarityCheck } from './similarity-check.ts';
import { streamCheck } from './stream.ts';
import { tokensCheck } from './tokens.ts';

export interface ScoreCaseInput {
  case: PromptCase;
  baseline: Sample[];
  candidate: Sample[];
  stored: Sample[] | null;
  status: CaseStatus;
  thresholds: Thresholds;
}

/** not-measured, not-comparable and skipped checks take no part. */
export function combineVerdicts(checks: ReadonlyArray<{ verdict: CheckVerdict }>): Exclude<Verdict, 'skipped'> {
  if (checks.some((c) => c.verdict === 'fail')) return 'fail';
  if (checks.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

const STATUS_NOTE: Record<CaseStatus, string | null> = {
  compared: null,
  new: 'new case: not in the stored baseline, compared with the live baseline only',
  stale: 'stale baseline: the case changed since it was recorded, compared with the live baseline only',
  'no-baseline': 'no stored baseline: compared with the live baseline only',
};

/** Checks a feature ignored on one side makes meaningless: they compare different kinds of answer. */
const NOT_LIKE_FOR_LIKE: ReadonlySet<CheckResult['check']> = new Set(['similarity', 'ttft', 'cost', 'tokens']);

function gatewayName(samples: readonly Sample[], fallback: string): string {
  return samples[0]?.gateway ?? fallback;
}

export function scoreCase(input: ScoreCaseInput): CaseResult {
  const { case: testCase, baseline, candidate, status, thresholds } = input;
  const stored = status === 'compared' ? input.stored : null;
  const baseArm = summariseArm(gatewayName(baseline, 'baseline'), baseline);
  const candArm = summariseArm(gatewayName(candidate, 'candidate'), candidate);
  const findings: string[] = [];
  const note = STATUS_NOTE[status];
  if (note !== null) findings.push(note);
  const checks: CheckResult[] = [];
  const result: CaseResult = {
    caseId: testCase.id,
    hash: testCase.hash,
    file: testCase.file,
    line: testCase.line,
    tags: [...testCase.tags],
    compare: testCase.compare,
    streamModes: [...testCase.streamModes],
    status,
    verdict: 'pass',
    checks,
    baseline: baseArm,
    candidate: candArm,
    findings,
  };

  if (testCase.expectError !== undefined) {
    const contract = contractCheck(testCase, baseline, candidate);
    checks.push(contract.check);
    findings.push(...contract.findings);
    result.contract = contract.contract;
  } else {
    const alpha = thresholds.latency.alpha;
    checks.push(errorsCheck(baseArm, candArm, thresholds.errorRate.increase, alpha));
    checks.push(firstAttemptCheck(baseline, candidate, thresholds.errorRate.increase, alpha));
    const sim = similarityCheck({
      compare: testCase.compare,
      caseThreshold: testCase.thresholds.similarity,
      candidate,
      live: baseline,
      stored,
      thresholds: thresholds.similarity,
    });
    checks.push(sim.check);
    findings.push(...sim.findings);
    if (sim.diff !== undefined) result.diff = sim.diff;
    checks.push(latencyCheck('latency', e2eValues(baseline), e2eValues(candidate), thresholds.latency, testCase.thresholds));
    checks.push(ttftCheck(testCase.streamModes.includes(true), ttftValues(baseline), ttftValues(candidate), thresholds.latency, testCase.thresholds));
    checks.push(appLatencyCheck(baseline, candidate, thresholds.latency, testCase.thresholds));
    const cost = costCheck(baseArm, candArm, thresholds.cost, { baseline, candidate }, alpha);
    if (cost.reason.startsWith('cost unknown')) findings.push(cost.reason);
    checks.push(cost, tokensCheck(baseArm, candArm, thresholds.tokens, { baseline, candidate }, alpha));
    checks.push(assertionsCheck(testCase.assertions, baseline, candidate));
    const stream = streamCheck(testCase, baseline, candidate);
    const features = featuresCheck(testCase, baseline, candidate);
    checks.push(stream.check, features.check);
    findings.push(...stream.findings, ...features.findings);
    const distribution = distributionCheck({ case: testCase, baseline, candidate, stored, settings: thresholds.distribution });
    checks.push(distribution.check);
    if (distribution.nulls.live !== undefined || distribution.nulls.stored !== undefined) result.distributionNulls = distribution.nulls;
    if (features.check.verdict === 'fail') {
      // One gateway ignored a requested feature: outputs, TTFT (text vs tool-call delta), tokens and
      // cost are not like for like. Shown as not comparable, with the feature finding as the reason.
      result.notComparable = features.findings;
      const why = `not comparable: ${features.findings.join('; ')}`;
      for (let i = 0; i < checks.length; i++) {
        const c = checks[i] as CheckResult;
        if (NOT_LIKE_FOR_LIKE.has(c.check) && c.verdict !== 'skipped' && c.verdict !== 'not-measured') checks[i] = { ...c, verdict: 'not-comparable', reason: `${why} (${c.reason})` } as CheckResult;
      }
      delete result.diff;
    }
  }
  // Runner findings that are not feature evidence (those are in the features check) still show.
  for (const arm of [baseline, candidate]) {
    for (const s of arm) {
      if (s.kind !== 'ok') continue;
      for (const f of s.findings) {
        const line = `${s.gateway}: ${f}`;
        if (!findings.includes(line)) findings.push(line);
      }
    }
  }
  result.verdict = combineVerdicts(checks);
  return result;
}
