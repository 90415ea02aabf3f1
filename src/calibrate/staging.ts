/**
 * The shipped staging target's settings (repeat and thresholds from eval.config.yaml) on a
 * 20-case suite: A/A, and a uniform p50 regression of exactly the documented threshold, which
 * the run-level (stratified) latency test must catch; production likewise at its lower repeat.
 */
import type { OverallLatencyMetrics } from '../gate/overall.ts';
import type { OverallRateMetrics } from '../gate/overall-errors.ts';
import { mulberry32 } from '../util/prng.ts';
import type { Scenario } from './scenario.ts';
import { checkFailed, gateFailed, simulateRun } from './trial.ts';
import { shippedTarget, SUITE_CASES } from './shipped.ts';

function runLevelFailed(t: ReturnType<typeof simulateRun>): boolean {
  return t.run.overall.some((o) => o.check === 'latency' && o.verdict === 'fail');
}

/** Every case of a 20-case suite at a shipped target's settings slower by `by()` (0.1 = +10 %): did the run-level test fail? */
function runLevelCaught(name: 'staging' | 'production', by: (limit: number) => number): Scenario['run'] {
  return (next) => {
    const { repeat, thresholds } = shippedTarget(name);
    return runLevelFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, candidate: { slowdown: 1 + by(thresholds.latency.p50) } }));
  };
}
const atThreshold = (name: 'staging' | 'production'): Scenario['run'] => runLevelCaught(name, (limit) => limit);

/**
 * What a passing A/A run at production settings says its run-level latency test could have
 * detected (the report's "could have detected ≥ +X % p50"): one seeded run, so the scenario
 * below tests the figure a team is shown, spread estimate and the gate's families included.
 */
export function claimedRunDetectable(): number {
  const { repeat, thresholds } = shippedTarget('production');
  const t = simulateRun(mulberry32(0xc1a1), { cases: SUITE_CASES, repeat, thresholds });
  const m = t.run.overall.find((o) => o.check === 'latency')?.metrics as OverallLatencyMetrics | undefined;
  const claimed = m?.criterion?.detectable;
  if (claimed === undefined || !Number.isFinite(claimed)) throw new Error('the A/A run at production settings claims nothing detectable at run level');
  return claimed;
}

/** The same for the run-level error comparison: the candidate error rate an A/A pass at production settings says it could have detected. */
export function claimedErrorRate(): number {
  const { repeat, thresholds } = shippedTarget('production');
  const t = simulateRun(mulberry32(0xc1a2), { cases: SUITE_CASES, repeat, thresholds });
  const m = t.run.overall.find((o) => o.check === 'errors')?.metrics as OverallRateMetrics | undefined;
  const claimed = m?.criteria[0]?.detectable;
  if (claimed === undefined || !Number.isFinite(claimed)) throw new Error('the A/A run at production settings claims no detectable error rate');
  return claimed;
}

let claimed: number | undefined;
let claimedErrors: number | undefined;

export const scenarios: Scenario[] = [
  {
    id: 'staging/aa',
    check: 'gate',
    description: 'staging settings, 20 cases, A/A',
    kind: 'false-alarm',
    target: 0.05,
    trials: 200,
    seed: 301,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      return gateFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds }));
    },
  },
  {
    id: 'staging/run-p50-at-threshold',
    check: 'latency (run)',
    description: 'staging settings, 20 cases, every case p50 slower by exactly thresholds.latency.p50 (+10 %)',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 302,
    run: atThreshold('staging'),
  },
  {
    id: 'production/run-p50-at-threshold',
    check: 'latency (run)',
    description: 'production settings, 20 cases, every case p50 slower by exactly thresholds.latency.p50 (+10 %): detectable (≥ 80 %)',
    kind: 'power',
    target: 0.8,
    trials: 200,
    seed: 303,
    run: atThreshold('production'),
  },
  {
    id: 'production/run-p50-at-claimed-detectable',
    check: 'latency (run)',
    description: 'production settings, 20 cases, every case p50 slower by what an A/A pass there says it could have detected at run level: the claim holds (≥ 80 %)',
    kind: 'power',
    target: 0.8,
    trials: 1000,
    seed: 305,
    run: runLevelCaught('production', () => (claimed ??= claimedRunDetectable())),
  },
  {
    id: 'production/run-errors-at-claimed-detectable',
    check: 'errors (run)',
    description: 'production settings, 20 cases, the candidate failing as many requests as an A/A pass there says it could have detected (none on the baseline): the claim holds (≥ 80 %)',
    kind: 'power',
    target: 0.8,
    trials: 1000,
    seed: 306,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('production');
      claimedErrors ??= claimedErrorRate();
      const t = simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, candidate: { errorRate: claimedErrors } });
      return t.run.overall.some((o) => o.check === 'errors' && o.verdict === 'fail');
    },
  },
  {
    id: 'staging/p50-30pct-any-check',
    check: 'latency',
    description: 'staging settings, 20 cases, candidate 30 % slower: some latency check fails',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 304,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      return checkFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, candidate: { slowdown: 1.3 } }), 'latency');
    },
  },
];
