/**
 * The calibration scenarios, one module per check (src/calibrate/<check>.ts, each exporting
 * `scenarios`). Add a module here to have `npm run calibrate` and the unit tests run it.
 */
import type { Scenario, ScenarioResult, Summary } from './scenario.ts';
import { scenarios as distribution, summaries as distributionSummaries } from './distribution.ts';
import { scenarios as firstAttempt } from './first-attempt.ts';
import { scenarios as latency } from './latency.ts';
import { scenarios as rollout } from './rollout.ts';
import { scenarios as shared } from './shared.ts';
import { scenarios as similarity } from './similarity.ts';
import { scenarios as staging } from './staging.ts';
import { scenarios as tokens } from './tokens.ts';

export const SCENARIO_MODULES: Readonly<Record<string, readonly Scenario[]>> = {
  latency,
  rollout,
  'first-attempt': firstAttempt,
  similarity,
  staging,
  shared,
  tokens,
  distribution,
};

/** Rows computed from groups of results (the distribution check's median power). */
export const SUMMARIES: readonly Summary[] = [...distributionSummaries];

export function allScenarios(): Scenario[] {
  return Object.values(SCENARIO_MODULES).flat();
}

export function summaryRows(results: readonly ScenarioResult[]): ScenarioResult[] {
  return SUMMARIES.map((s) => s(results)).filter((r): r is ScenarioResult => r !== null);
}

export { runScenario, type Scenario, type ScenarioResult, type Summary } from './scenario.ts';
