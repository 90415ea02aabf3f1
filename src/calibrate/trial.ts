/** One simulated run: score every case of a suite drawn from the model, and gate it. */
import { ThresholdsSchema, type Thresholds } from '../config/schema.ts';
import { applyDecision } from '../gate/digest.ts';
import { gateRun } from '../gate/gate.ts';
import type { CaseResult, CheckName, RunVerdict } from '../gate/types.ts';
import { scoreCase } from '../score/case.ts';
import type { Rng } from '../util/prng.ts';
import { caseMedianMs, drawArm, testCase, type ArmModel } from './model.ts';

export const DEFAULT_THRESHOLDS: Thresholds = ThresholdsSchema.parse({});

export interface SuiteSpec {
  cases: number;
  /** Requests per case and arm. */
  repeat: number;
  baseline?: ArmModel;
  candidate?: ArmModel;
  thresholds?: Thresholds;
}

export interface TrialRun {
  run: RunVerdict;
  cases: CaseResult[];
}

export function simulateRun(next: Rng, spec: SuiteSpec): TrialRun {
  const thresholds = spec.thresholds ?? DEFAULT_THRESHOLDS;
  const scored = Array.from({ length: spec.cases }, (_, i) => {
    const id = `c${i}`;
    const median = caseMedianMs(next);
    const c = testCase(id, { repeat: spec.repeat });
    const baseline = drawArm(next, 'baseline', id, median, spec.repeat, spec.baseline);
    const candidate = drawArm(next, 'candidate', id, median, spec.repeat, spec.candidate);
    return scoreCase({ case: c, baseline, candidate, stored: null, status: 'compared', thresholds });
  });
  const { run, decisions } = gateRun(scored, { thresholds, strict: false });
  return { run, cases: scored.map((c, i) => applyDecision(c, decisions[i])) };
}

/** The gate failed the run. */
export const gateFailed = (t: TrialRun): boolean => t.run.verdict === 'fail';

/** Some case's `check`, or the run-level `check`, failed. */
export function checkFailed(t: TrialRun, check: CheckName | 'slo'): boolean {
  return t.cases.some((c) => c.checks.some((k) => k.check === check && k.verdict === 'fail')) || t.run.overall.some((o) => o.check === check && o.verdict === 'fail');
}
