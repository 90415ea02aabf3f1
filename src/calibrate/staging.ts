/**
 * The shipped staging target's settings (repeat and thresholds from eval.config.yaml) on a
 * 20-case suite: A/A, and a uniform p50 regression of exactly the documented threshold, which
 * the run-level (stratified) latency test must catch; production likewise at its lower repeat.
 */
import type { Scenario } from './scenario.ts';
import { checkFailed, gateFailed, simulateRun } from './trial.ts';
import { shippedTarget, SUITE_CASES } from './shipped.ts';

function runLevelFailed(t: ReturnType<typeof simulateRun>): boolean {
  return t.run.overall.some((o) => o.check === 'latency' && o.verdict === 'fail');
}

function atThreshold(name: 'staging' | 'production'): Scenario['run'] {
  return (next) => {
    const { repeat, thresholds } = shippedTarget(name);
    return runLevelFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, candidate: { slowdown: 1 + thresholds.latency.p50 } }));
  };
}

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
