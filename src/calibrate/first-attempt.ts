/**
 * Retries must not hide failures: 30 % of the candidate's first attempts answered 429 (the
 * retry succeeds), on the staging settings and a 20-case suite; and on one case of 30 requests.
 */
import type { Scenario } from './scenario.ts';
import { checkFailed, gateFailed, simulateRun } from './trial.ts';
import { shippedTarget, SUITE_CASES } from './shipped.ts';

const throttled = { firstAttempt: { rate: 0.3, kind: 'rate-limit' as const, status: 429 } };

export const scenarios: Scenario[] = [
  {
    id: 'first-attempt/429-30pct-staging',
    check: 'gate',
    description: 'staging settings, 20 cases: 30 % of candidate first attempts answered 429, every retry succeeds',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 401,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      return gateFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, candidate: throttled }));
    },
  },
  {
    id: 'first-attempt/429-30pct-n30',
    check: 'first-attempt',
    description: 'one case, 30 requests per arm: 30 % of candidate first attempts answered 429, every retry succeeds',
    kind: 'power',
    target: 0.95,
    trials: 400,
    seed: 402,
    run: (next) => checkFailed(simulateRun(next, { cases: 1, repeat: 30, candidate: throttled }), 'first-attempt'),
  },
];
