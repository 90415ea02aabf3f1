/**
 * Failures both gateways share (one upstream failing for everyone): 5 % of requests fail for good
 * and 10 % of calls are 3× slower, on both arms alike. The gate must blame neither side.
 */
import type { Scenario } from './scenario.ts';
import { gateFailed, simulateRun } from './trial.ts';
import { shippedTarget, SUITE_CASES } from './shipped.ts';

const upstream = { errorRate: 0.05, slowTail: { fraction: 0.1, factor: 3 } };

export const scenarios: Scenario[] = [
  {
    id: 'shared/errors5-tail10-staging',
    check: 'gate',
    description: 'staging settings, 20 cases: both arms 5 % errors and 10 % of calls 3× slower',
    kind: 'false-alarm',
    target: 0.05,
    trials: 400,
    seed: 501,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      return gateFailed(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, baseline: upstream, candidate: upstream }));
    },
  },
];
