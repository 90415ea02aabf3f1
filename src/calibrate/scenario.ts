/**
 * A calibration scenario: one seeded simulated situation, run as many trials, reporting how
 * often the gate (or one check) failed against the rate it must stay under (false alarm: the
 * candidate behaves like the baseline) or reach (power: it has a regression of a stated size).
 * Each scenario module (src/calibrate/<check>.ts) exports `scenarios`; index.ts lists the modules.
 */
import { mulberry32, type Rng } from '../util/prng.ts';
import { wilson } from '../score/rates.ts';

export interface Scenario {
  /** Stable id, e.g. `latency/p50-30pct-n30`. */
  id: string;
  /** The check (or `gate`) whose verdict is counted. */
  check: string;
  /** What is simulated, in a sentence. */
  description: string;
  /** `measured`: a rate shown without a target of its own (a summary row may judge a group of them). */
  kind: 'false-alarm' | 'power' | 'measured';
  /** False alarm: rate ≤ target. Power: rate ≥ target. Measured: unused. */
  target: number;
  /** Trials of the full calibration (≥ 200). */
  trials: number;
  seed: number;
  /** One trial: true when the counted verdict is a failure. `trial` numbers the trials from 0. */
  run(next: Rng, trial: number): boolean;
}

export interface ScenarioResult {
  id: string;
  check: string;
  description: string;
  kind: Scenario['kind'];
  trials: number;
  failures: number;
  rate: number;
  /** 95 % Wilson interval of the rate (a summary row: the range of the rates it summarises). */
  interval: [number, number];
  target: number;
  met: boolean;
  seed: number;
}

export function runScenario(s: Scenario, trials = s.trials): ScenarioResult {
  const next = mulberry32(s.seed);
  let failures = 0;
  for (let t = 0; t < trials; t++) if (s.run(next, t)) failures++;
  const rate = failures / trials;
  const w = wilson({ count: failures, of: trials }, 0.05);
  const met = s.kind === 'measured' ? true : s.kind === 'false-alarm' ? rate <= s.target : rate >= s.target;
  return { id: s.id, check: s.check, description: s.description, kind: s.kind, trials, failures, rate, interval: [w.lower, w.upper], target: s.target, met, seed: s.seed };
}

/** A row computed from other scenarios' results (e.g. a median power over a group); null when they did not run. */
export type Summary = (results: readonly ScenarioResult[]) => ScenarioResult | null;
