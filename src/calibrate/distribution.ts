/**
 * Calibration of the `distribution` check (issue 16): seeded trials on the simulator's own
 * language model, in process (no HTTP), 25 prompts × 10 samples per arm as in the issue.
 * - A/A: both arms from the reference model: false-alarm rate per case and of the pooled test.
 * - One scenario per distortion (the candidate arm distorted): power of the pooled test.
 * Every trial runs cutover's test and, on the same samples, the paper's test (MMD with the
 * character Hamming kernel, L = 1000, Gao, Liang & Guestrin 2025): the baseline to beat.
 */
import { DistortionSchema, type Distortion } from '../config/schema.ts';
import { aggregate, permutationNull, permutationPValue, PooledNull, type StratumInput, type TestSpec } from '../score/distribution-mmd.ts';
import { BASELINE_KERNELS, DEFAULT_HAMMING_L, TEST_KERNELS } from '../score/distribution-kernels.ts';
import { respond } from '../sim/responder.ts';
import { validateChat, type ChatRequest } from '../sim/request.ts';
import { mixSeeds } from '../sim/rng.ts';
import { CALIBRATION_PROMPTS } from './distribution-prompts.ts';
import type { Scenario, Summary } from './scenario.ts';
import type { Rng } from '../util/prng.ts';

export interface DistortionScenario {
  name: string;
  /** What it stands for, in a few words (for the table). */
  description: string;
  /** Undefined: the A/A scenario (both arms the reference model). */
  distortion: Distortion | undefined;
}

/** The distortions of the issue, at the strengths the docs state. */
export const DISTRIBUTION_SCENARIOS: readonly DistortionScenario[] = [
  { name: 'a/a', description: 'both arms the reference model', distortion: undefined },
  { name: 'other-model', description: 'half the training mix from other text', distortion: DistortionSchema.parse({ otherModel: 0.5 }) },
  { name: 'temperature-ignored', description: 'temperature 0.7 served as 1', distortion: DistortionSchema.parse({ temperatureIgnored: true }) },
  { name: 'top-p-ignored', description: 'top_p 0.9 served as 1', distortion: DistortionSchema.parse({ topPIgnored: true }) },
  { name: 'quantized', description: 'fixed noise σ = 0.5 nats on next-token log-probabilities', distortion: DistortionSchema.parse({ logitNoise: 0.5 }) },
  { name: 'max-tokens-ignored', description: 'max_tokens 48 not applied', distortion: DistortionSchema.parse({ maxTokensIgnored: true }) },
  { name: 'system-prompt', description: 'system prompt "You are a helpful assistant." injected', distortion: DistortionSchema.parse({ systemPrompt: 'You are a helpful assistant.' }) },
];

export interface CalibrationOptions {
  trials: number;
  prompts: number;
  samplesPerArm: number;
  permutations: number;
  alpha: number;
  seed: number;
  scenarios?: readonly DistortionScenario[];
}

export const DISTRIBUTION_CALIBRATION: CalibrationOptions = { trials: 200, prompts: 25, samplesPerArm: 10, permutations: 199, alpha: 0.05, seed: 16 };

export interface TestRates {
  /** Share of trials whose pooled test rejected (false alarm under A/A, power otherwise). */
  pooled: number;
  /** Share of per-case tests (trials × prompts) that rejected at alpha, unadjusted. */
  perCase: number;
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  kind: 'false-alarm' | 'power';
  trials: number;
  cutover: TestRates;
  hamming: TestRates;
}

function requests(count: number): ChatRequest[] {
  return CALIBRATION_PROMPTS.slice(0, count).map((prompt) => {
    const v = validateChat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], temperature: 0.7, top_p: 0.9, max_tokens: 48 }, { narrow: false, dropTools: false });
    if (!v.ok) throw new Error('calibration prompt rejected by the simulator');
    return v.request;
  });
}

function draw(request: ChatRequest, distortion: Distortion | undefined, seed: number): string {
  return respond(request, { changeOutputs: 0, variation: () => seed, distortion }).content ?? '';
}

function runTest(strata: readonly StratumInput[], spec: TestSpec, alpha: number): { pooled: boolean; perCase: number } {
  const pool = new PooledNull(spec.kernels.length, spec.permutations);
  let perCase = 0;
  for (const s of strata) {
    const n = permutationNull(s, spec);
    pool.add(n);
    if (permutationPValue(aggregate(n.mmd)) <= alpha) perCase++;
  }
  return { pooled: permutationPValue(aggregate(pool.mmd)) <= alpha, perCase };
}

function trialStrata(scenario: DistortionScenario, o: CalibrationOptions, t: number, reqs: readonly ChatRequest[]): StratumInput[] {
  return reqs.map((r, i): StratumInput => ({
    id: `prompt-${i}`,
    reference: Array.from({ length: o.samplesPerArm }, (_, k) => draw(r, undefined, mixSeeds(o.seed, scenario.name, t, i, 'reference', k))),
    candidate: Array.from({ length: o.samplesPerArm }, (_, k) => draw(r, scenario.distortion, mixSeeds(o.seed, scenario.name, t, i, 'candidate', k))),
  }));
}

/** Trial `t` of a scenario, cutover's test only: whether the pooled test rejected (same samples and permutations as calibrateScenario). */
export function distributionTrial(scenario: DistortionScenario, o: CalibrationOptions, t: number): boolean {
  const strata = trialStrata(scenario, o, t, requests(o.prompts));
  return runTest(strata, { kernels: TEST_KERNELS, permutations: o.permutations, seed: mixSeeds(o.seed, 'permutations', scenario.name, t) }, o.alpha).pooled;
}

/** One scenario's rates over `trials` seeded trials (deterministic for a given seed). */
export function calibrateScenario(scenario: DistortionScenario, o: CalibrationOptions): ScenarioResult {
  const reqs = requests(o.prompts);
  const totals = { cutover: { pooled: 0, perCase: 0 }, hamming: { pooled: 0, perCase: 0 } };
  for (let t = 0; t < o.trials; t++) {
    const strata = trialStrata(scenario, o, t, reqs);
    const seed = mixSeeds(o.seed, 'permutations', scenario.name, t);
    const ours = runTest(strata, { kernels: TEST_KERNELS, permutations: o.permutations, seed }, o.alpha);
    const paper = runTest(strata, { kernels: BASELINE_KERNELS, hammingL: DEFAULT_HAMMING_L, permutations: o.permutations, seed }, o.alpha);
    totals.cutover.pooled += ours.pooled ? 1 : 0;
    totals.cutover.perCase += ours.perCase;
    totals.hamming.pooled += paper.pooled ? 1 : 0;
    totals.hamming.perCase += paper.perCase;
  }
  const rates = (x: { pooled: number; perCase: number }): TestRates => ({ pooled: x.pooled / o.trials, perCase: x.perCase / (o.trials * reqs.length) });
  return {
    scenario: scenario.name,
    description: scenario.description,
    kind: scenario.distortion === undefined ? 'false-alarm' : 'power',
    trials: o.trials,
    cutover: rates(totals.cutover),
    hamming: rates(totals.hamming),
  };
}

export interface DistributionCalibration {
  results: ScenarioResult[];
  /** Median pooled power over the distortions, cutover's test and the paper's. */
  medianPower: { cutover: number; hamming: number };
  /** The targets: false alarms ≤ alpha (per case and pooled), median power ≥ 0.9. */
  targets: { falseAlarmMax: number; medianPowerMin: number };
  met: boolean;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function calibrateDistribution(o: CalibrationOptions = DISTRIBUTION_CALIBRATION, onResult?: (r: ScenarioResult) => void): DistributionCalibration {
  const results = (o.scenarios ?? DISTRIBUTION_SCENARIOS).map((s) => {
    const r = calibrateScenario(s, o);
    onResult?.(r);
    return r;
  });
  const power = results.filter((r) => r.kind === 'power');
  const medianPower = { cutover: median(power.map((r) => r.cutover.pooled)), hamming: median(power.map((r) => r.hamming.pooled)) };
  const targets = { falseAlarmMax: o.alpha, medianPowerMin: 0.9 };
  const falseAlarms = results.filter((r) => r.kind === 'false-alarm');
  const met = falseAlarms.every((r) => r.cutover.pooled <= targets.falseAlarmMax && r.cutover.perCase <= targets.falseAlarmMax) && medianPower.cutover >= targets.medianPowerMin;
  return { results, medianPower, targets, met };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The markdown table docs/CALIBRATION.md and docs/DISTRIBUTION.md show. */
export function distributionTable(c: DistributionCalibration): string {
  const lines = [
    '| scenario | distortion | measures | cutover pooled | cutover per case | MMD-Hamming pooled | MMD-Hamming per case |',
    '|---|---|---|---|---|---|---|',
    ...c.results.map((r) => `| ${r.scenario} | ${r.description} | ${r.kind} (${r.trials} trials) | ${pct(r.cutover.pooled)} | ${pct(r.cutover.perCase)} | ${pct(r.hamming.pooled)} | ${pct(r.hamming.perCase)} |`),
    `| **median power** | over the ${c.results.filter((r) => r.kind === 'power').length} distortions | target ≥ 90 % | **${pct(c.medianPower.cutover)}** | | **${pct(c.medianPower.hamming)}** | |`,
  ];
  return lines.join('\n');
}

/**
 * The scenarios as `npm run calibrate` lists them (src/calibrate/index.ts): the pooled test of
 * each trial, at DISTRIBUTION_CALIBRATION's sizes. A/A has the false-alarm target; the
 * distortions have no target each (some are close to the reference by nature: top_p 0.9), the
 * issue's target is their median power ≥ 90 % (`summaries`). The per-case rates and the paper's
 * test beside it are in docs/DISTRIBUTION.md (calibrateDistribution / distributionTable).
 */
export const scenarios: Scenario[] = DISTRIBUTION_SCENARIOS.map((s) => ({
  id: `distribution/${s.name}`,
  check: 'distribution (run)',
  description: `${s.description}; ${DISTRIBUTION_CALIBRATION.prompts} prompts × ${DISTRIBUTION_CALIBRATION.samplesPerArm} samples per arm, pooled test`,
  kind: s.distortion === undefined ? 'false-alarm' : 'measured',
  target: s.distortion === undefined ? DISTRIBUTION_CALIBRATION.alpha : 0,
  trials: DISTRIBUTION_CALIBRATION.trials,
  seed: DISTRIBUTION_CALIBRATION.seed,
  run: (_next: Rng, t: number) => distributionTrial(s, DISTRIBUTION_CALIBRATION, t),
}));

/** The power target for the distribution check: the median over the distortions. */
export const summaries: Summary[] = [
  (results) => {
    const power = results.filter((r) => r.id.startsWith('distribution/') && r.kind === 'measured');
    if (power.length === 0) return null;
    const rates = power.map((r) => r.rate);
    const m = median(rates);
    const trials = Math.min(...power.map((r) => r.trials));
    return {
      id: 'distribution/median-power',
      check: 'distribution (run)',
      description: `median power over the ${power.length} distortions above`,
      kind: 'power',
      trials,
      failures: Math.round(m * trials),
      rate: m,
      interval: [Math.min(...rates), Math.max(...rates)],
      target: 0.9,
      met: m >= 0.9,
      seed: DISTRIBUTION_CALIBRATION.seed,
    };
  },
];
