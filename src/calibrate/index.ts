/**
 * The calibration scenarios, one module per check (src/calibrate/<check>.ts, each exporting
 * `scenarios`). Add a module here to have `npm run calibrate` and the unit tests run it.
 */
import type { Scenario } from './scenario.ts';
import { scenarios as firstAttempt } from './first-attempt.ts';
import { scenarios as latency } from './latency.ts';
import { scenarios as rollout } from './rollout.ts';
import { scenarios as shared } from './shared.ts';
import { scenarios as similarity } from './similarity.ts';
import { scenarios as staging } from './staging.ts';

export const SCENARIO_MODULES: Readonly<Record<string, readonly Scenario[]>> = {
  latency,
  rollout,
  'first-attempt': firstAttempt,
  similarity,
  staging,
  shared,
};

export function allScenarios(): Scenario[] {
  return Object.values(SCENARIO_MODULES).flat();
}

export { runScenario, type Scenario, type ScenarioResult } from './scenario.ts';
