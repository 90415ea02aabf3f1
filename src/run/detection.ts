/**
 * What the configured run can detect, before anything is sent (printed on the plan line and
 * warned about when a threshold is out of reach): the minimum detectable p50/p95 slowdown per case
 * and of the run-level test at the configured sizes, with 80 % power (score/power.ts), for a
 * slowdown only that check sees (tested at alpha ÷ the gate's latency checks, as the report's
 * "could have detected" is). The spread
 * of latency comes from the stored baseline when there is one (median over its cases), else the
 * calibration's assumed 0.25.
 */
import type { Thresholds } from '../config/schema.ts';
import { P95_MIN_SAMPLES_FLOOR, e2eValues } from '../score/latency.ts';
import { MIN_CASES_FOR_OVERALL } from '../gate/overall.ts';
import { detectionPower, logSpread, minimumDetectable, p50Model, percentUp, runModel, tailModel } from '../score/power.ts';
import { median } from '../score/stats.ts';
import type { PromptCase } from '../suite/types.ts';
import type { Sample } from './sample.ts';
import { repeatOf } from './scheduler.ts';

/** The spread assumed without a stored baseline to measure it from (docs/CALIBRATION.md). */
export const ASSUMED_SPREAD = 0.25;

export interface DetectionPlan {
  spread: number;
  spreadFrom: 'stored baseline' | 'assumed';
  /** Samples per case and arm (median over the ordinary cases). */
  perCaseSamples: number;
  /** Minimum detectable slowdown (ratio − 1; Infinity: nothing) per case; p95 null when not gated at this size. */
  perCase: { p50: number; p95: number | null };
  /** The run-level (stratified) p50 test; null below MIN_CASES_FOR_OVERALL cases. */
  run: { cases: number; p50: number; powerAtLimit: number } | null;
  /**
   * The latency checks the gate will test (E2E per case and at run level; TTFT too when cases
   * stream): the gate Holm-adjusts across its checks (gate/families.ts), so a slowdown only one
   * of them sees is tested at alpha ÷ this many (more if errors, cost or retries add families).
   */
  families: number;
  limits: { p50: number; p95: number };
}

export function planDetection(cases: readonly PromptCase[], repeat: number | undefined, thresholds: Thresholds, recorded: (caseId: string) => readonly Sample[] | null): DetectionPlan | null {
  const ordinary = cases.filter((c) => c.expectError === undefined);
  if (ordinary.length === 0) return null;
  const t = thresholds.latency;
  const n = median(ordinary.map((c) => repeatOf(c, repeat) * c.streamModes.length)) ?? 0;
  const spreads = ordinary.map((c) => logSpread(e2eValues(recorded(c.id) ?? []))).filter((s): s is number => s !== null && s > 0);
  const spread = spreads.length > 0 ? (median(spreads) ?? ASSUMED_SPREAD) : ASSUMED_SPREAD;
  const p95Gated = n >= Math.max(P95_MIN_SAMPLES_FLOOR, t.p95MinSamples);
  const streamed = ordinary.filter((c) => c.streamModes.includes(true)).length;
  const tested = (k: number): number => (k === 0 ? 0 : k >= MIN_CASES_FOR_OVERALL ? 2 : 1);
  const families = tested(ordinary.length) + tested(streamed);
  const family = ordinary.length * (p95Gated ? 2 : 1) * families;
  const sizes = { nBaseline: n, nCandidate: n, sigma: spread, alpha: t.alpha, family };
  const runModelled = ordinary.length >= MIN_CASES_FOR_OVERALL ? runModel(ordinary.length, n, spread, t.alpha, t.p50, families) : null;
  return {
    spread,
    spreadFrom: spreads.length > 0 ? 'stored baseline' : 'assumed',
    perCaseSamples: n,
    perCase: { p50: minimumDetectable(p50Model(sizes, t.p50)), p95: p95Gated ? minimumDetectable(tailModel(sizes, 0.95, t.p95)) : null },
    run: runModelled === null ? null : { cases: ordinary.length, p50: minimumDetectable(runModelled), powerAtLimit: detectionPower(runModelled, Math.log1p(t.p50)) },
    limits: { p50: t.p50, p95: t.p95 },
    families,
  };
}

const pct = (x: number): string => (Number.isFinite(x) ? `+${percentUp(x)} %` : 'nothing');
const atLeast = (x: number): string => (Number.isFinite(x) ? `≥ ${pct(x)}` : 'nothing detectable');

export function formatDetection(d: DetectionPlan): string {
  const perCase = `per case p50 ${atLeast(d.perCase.p50)}, p95 ${d.perCase.p95 === null ? `not gated (< ${P95_MIN_SAMPLES_FLOOR} samples)` : atLeast(d.perCase.p95)}`;
  const run = d.run === null ? `run level not tested (< ${MIN_CASES_FOR_OVERALL} cases)` : `run level p50 ${atLeast(d.run.p50)} (power ${Math.round(d.run.powerAtLimit * 100)} % at the +${Math.round(d.limits.p50 * 100)} % limit)`;
  const shared = d.families > 1 ? `, alpha shared by the gate's ${d.families} latency checks` : '';
  return `can detect, with 80 % power at ${d.perCaseSamples} samples per case and arm, latency spread ${d.spread.toFixed(2)} (${d.spreadFrom})${shared}: ${perCase}; ${run}`;
}

/** A configured threshold the run cannot detect, said before the run. */
export function detectionWarnings(d: DetectionPlan): string[] {
  const out: string[] = [];
  if (d.run !== null && d.run.p50 > d.limits.p50) {
    out.push(`thresholds.latency.p50 +${Math.round(d.limits.p50 * 100)} % is undetectable at run level at these sizes (detects ≥ ${pct(d.run.p50)}; power ${Math.round(d.run.powerAtLimit * 100)} % at the limit): raise repeat or add cases`);
  }
  // Per case a threshold is out of reach at usual repeats; that matters when no run-level test covers it.
  if (d.run === null && d.perCase.p50 > d.limits.p50) {
    out.push(`thresholds.latency.p50 +${Math.round(d.limits.p50 * 100)} % is undetectable: per case only a p50 slowdown of ${pct(d.perCase.p50)} or more can be detected at ${d.perCaseSamples} samples per arm, and ${MIN_CASES_FOR_OVERALL} cases are needed for the run-level test`);
  }
  return out;
}
