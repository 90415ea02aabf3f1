/**
 * Latency calibration, one case (so no multiple-testing relief): A/A and a p50 shift at 30
 * samples per arm; A/A and a slow tail (8 % of calls 3× slower, p95 ≈ +80 %) at 300.
 */
import type { Scenario } from './scenario.ts';
import { checkFailed, gateFailed, simulateRun } from './trial.ts';

const one = (repeat: number, candidate: Parameters<typeof simulateRun>[1]['candidate'] = {}) => ({ cases: 1, repeat, candidate });

export const scenarios: Scenario[] = [
  {
    id: 'latency/aa-n30',
    check: 'gate',
    description: 'A/A: both arms the same lognormal latency (spread 0.25), one case, 30 requests per arm',
    kind: 'false-alarm',
    target: 0.05,
    trials: 1000,
    seed: 101,
    run: (next) => gateFailed(simulateRun(next, one(30))),
  },
  {
    id: 'latency/p50-30pct-n30',
    check: 'latency',
    description: 'candidate 30 % slower at every quantile (p50 +30 %), one case, 30 requests per arm',
    kind: 'power',
    target: 0.95,
    trials: 1000,
    seed: 102,
    run: (next) => checkFailed(simulateRun(next, one(30, { slowdown: 1.3 })), 'latency'),
  },
  {
    id: 'latency/aa-n300',
    check: 'gate',
    description: 'A/A at 300 requests per arm, one case (p95 and p99 gated)',
    kind: 'false-alarm',
    target: 0.05,
    trials: 400,
    seed: 103,
    run: (next) => gateFailed(simulateRun(next, one(300))),
  },
  {
    id: 'latency/tail-8pct-3x-n300',
    check: 'latency',
    description: 'slow tail: 8 % of candidate calls 3× slower (p50 +3 %, p95 ≈ +80 %), one case, 300 requests per arm',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 104,
    run: (next) => checkFailed(simulateRun(next, one(300, { slowTail: { fraction: 0.08, factor: 3 } })), 'latency'),
  },
];
