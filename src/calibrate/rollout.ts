/** rollout calibration: the canary decision on 300 calls per arm, A/A and with a slow tail. */
import { METRICS_FORMAT, METRICS_VERSION, type ArmMetrics, type CanaryMetricsFile } from '../canary/format.ts';
import { SKETCH_SPEC } from '../canary/sketch.ts';
import { ThresholdsSchema } from '../config/schema.ts';
import { decideRollout } from '../rollout/decide.ts';
import type { Rng } from '../util/prng.ts';
import { drawArm, type ArmModel } from './model.ts';
import type { Scenario } from './scenario.ts';

const N = 300;
const options = { thresholds: ThresholdsSchema.parse({}), minRequests: 100, maxErrorIncrease: 0.01 };

function arm(next: Rng, role: 'baseline' | 'candidate', m: ArmModel): ArmMetrics {
  const samples = drawArm(next, role, 'canary', 400, N, m);
  const latencyMs = samples.filter((s) => s.kind === 'ok').map((s) => s.timings.e2eMs);
  const errors = N - latencyMs.length;
  return { requests: N, errors, errorsByStatus: errors > 0 ? { '502': errors } : {}, latencyMs, promptTokens: 0, completionTokens: 0, costNanos: 0, costedRequests: 0, from: null, to: null };
}

function rolledBack(next: Rng, candidate: ArmModel): boolean {
  const file: CanaryMetricsFile = {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    from: null,
    to: null,
    bucketMs: null,
    sketch: SKETCH_SPEC,
    arms: { baseline: arm(next, 'baseline', {}), candidate: arm(next, 'candidate', candidate) },
    buckets: [],
  };
  return decideRollout(file, options).decision === 'rollback';
}

export const scenarios: Scenario[] = [
  {
    id: 'rollout/aa-n300',
    check: 'rollout',
    description: 'canary A/A: 300 calls per arm, same lognormal latency (spread 0.25), no errors',
    kind: 'false-alarm',
    target: 0.05,
    trials: 400,
    seed: 201,
    run: (next) => rolledBack(next, {}),
  },
  {
    id: 'rollout/tail-8pct-3x-n300',
    check: 'rollout',
    description: 'canary slow tail: 8 % of candidate calls 3× slower, 300 calls per arm → rollback',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 202,
    run: (next) => rolledBack(next, { slowTail: { fraction: 0.08, factor: 3 } }),
  },
];
