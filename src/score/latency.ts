/**
 * Latency regression check (E2E, TTFT on streamed samples, and the latency the application
 * sees): candidate vs the live baseline measured in the same run, by the rule of
 * latency-rule.ts, on these criteria:
 *   - p50: Mann-Whitney one-sided evidence (a shift of the whole distribution), bootstrap interval;
 *   - p95 (both arms ≥ p95MinSamples, at least 20) and p99 (≥ p99MinSamples): a permutation test
 *     of the quantile ratio (exact at any size) for evidence and the seeded bootstrap of the ratio
 *     for its interval — about the tail itself, which a location test cannot see. Below 20 samples a p95 is the largest one or two samples: one slow request
 *     decides it, and its bootstrap can only take the few largest values, so it is shown, not gated;
 *   - at least minSamples per arm, else inconclusive.
 * Every criterion carries what it could have detected (power.ts) at the family size the gate
 * adjusts it in; the gate re-judges with Holm-adjusted p-values (rejudgeLatency).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { CaseThresholds } from '../suite/types.ts';
import { quantilePermutationP, quantileRatio } from './bootstrap.ts';
import { judgeCriteria, type Criterion, type QuantileName } from './latency-rule.ts';
import { logSpread, minimumDetectable, p50Model, tailModel } from './power.ts';
import { mannWhitneyGreater } from './rank-tests.ts';
import { holmAdjust, summarise } from './stats.ts';

export type LatencyCheckName = 'latency' | 'ttft' | 'app-latency';

export interface LatencyMetrics {
  nBaseline: number;
  nCandidate: number;
  baselineP50: number | null;
  candidateP50: number | null;
  baselineP95: number | null;
  candidateP95: number | null;
  /** The rest only once both arms have enough samples to be judged. */
  baselineP99?: number | null;
  candidateP99?: number | null;
  p50Ratio?: number | null;
  p95Ratio?: number | null;
  p99Ratio?: number | null;
  p50Limit?: number;
  p95Limit?: number;
  alpha?: number;
  /** Spread of ln latency (robust SD, both arms), for what the check can detect. */
  spread?: number;
  /** The criteria judged, each with its evidence, interval and detectable size. */
  criteria?: Criterion[];
  /** Quantiles shown but not gated, and why (e.g. p95 below 20 samples per arm). */
  notGated?: string[];
  /** Set by the gate: hypotheses in the Holm family the criteria were adjusted in. */
  holmFamily?: number;
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across (gate/families.ts). */
  families?: number;
}

export type LatencyCheck = CheckOf<'latency', LatencyMetrics>;
export type TtftCheck = CheckOf<'ttft', LatencyMetrics>;
export type AppLatencyCheck = CheckOf<'app-latency', LatencyMetrics>;

/** No p95 gate below this many samples per arm (see the header); the config cannot go lower. */
export const P95_MIN_SAMPLES_FLOOR = 20;

const LABEL: Record<LatencyCheckName, string> = { latency: 'E2E latency', ttft: 'TTFT', 'app-latency': 'Application-seen latency' };

export function e2eValues(samples: readonly Sample[]): number[] {
  return samples.filter((s) => s.kind === 'ok').map((s) => s.timings.e2eMs);
}

export function ttftValues(samples: readonly Sample[]): number[] {
  const out: number[] = [];
  for (const s of samples) if (s.kind === 'ok' && s.stream && s.timings.ttftMs !== null) out.push(s.timings.ttftMs);
  return out;
}

/** First attempt start → final answer (retries and back-off included); E2E for samples recorded before it existed. */
export function appValues(samples: readonly Sample[]): number[] {
  return samples.filter((s) => s.kind === 'ok').map((s) => s.timings.appMs ?? s.timings.e2eMs);
}

function ratio(candidate: number | null, baseline: number | null): number | null {
  if (candidate === null || baseline === null || baseline <= 0) return null;
  return candidate / baseline;
}

/** What a criterion detects (80 % power) in a Holm family of `family` hypotheses. */
export function detectableFor(c: Pick<Criterion, 'quantile' | 'limit'>, m: Pick<LatencyMetrics, 'nBaseline' | 'nCandidate' | 'spread' | 'alpha'>, family: number): number {
  const sizes = { nBaseline: m.nBaseline, nCandidate: m.nCandidate, sigma: m.spread ?? 0, alpha: m.alpha ?? 0.05, family };
  const q = c.quantile === 'p50' ? 0.5 : c.quantile === 'p95' ? 0.95 : 0.99;
  return minimumDetectable(q === 0.5 ? p50Model(sizes, c.limit) : tailModel(sizes, q, c.limit));
}

/**
 * Re-judge on adjusted p-values (one per criterion, in order) within a Holm family of `family`
 * hypotheses, adjusted across `families` checks of the gate (gate/families.ts; 1 before that step).
 * What each criterion could have detected is for a slowdown only this check sees: its p is the
 * gate's smallest, so Holm tests it at alpha ÷ (family × families).
 */
export function rejudgeLatency<C extends CheckOf<LatencyCheckName, LatencyMetrics>>(check: C, adjusted: readonly number[], family: number, families = 1): C {
  const m = check.metrics;
  if (m.criteria === undefined || m.alpha === undefined) return check;
  // Object.assign, not `{ ...a, b }`: in V8 (Node 20) that literal gives each object its own hidden
  // class (~1 KB of maps per case kept for the gate, and slower property access).
  const criteria = m.criteria.map((c, i) => Object.assign({}, c, { pAdjusted: adjusted[i] ?? c.pValue, detectable: detectableFor(c, m, family * Math.max(1, families)) }));
  return Object.assign({}, check, judgeCriteria(LABEL[check.check], criteria, m.alpha), { metrics: Object.assign({}, m, { criteria, holmFamily: family }, families > 1 ? { families } : {}) });
}

/** TTFT applies to streamed cases only; elsewhere it is skipped (there is nothing to measure by design). */
export function ttftCheck(streamed: boolean, baselineMs: readonly number[], candidateMs: readonly number[], thresholds: Thresholds['latency'], caseThresholds: Readonly<CaseThresholds> = {}): TtftCheck {
  if (streamed) return latencyCheck('ttft', baselineMs, candidateMs, thresholds, caseThresholds);
  const metrics: LatencyMetrics = { nBaseline: 0, nCandidate: 0, baselineP50: null, candidateP50: null, baselineP95: null, candidateP95: null };
  return { check: 'ttft', verdict: 'skipped', reason: 'Case is not streamed.', metrics };
}

/**
 * The latency the application waited (retries and back-off included), over successful requests.
 * Without a retried success on either side it is E2E latency again, judged once already: skipped,
 * so one slowdown is not counted twice (requests that failed for good are the errors check's).
 */
export function appLatencyCheck(baseline: readonly Sample[], candidate: readonly Sample[], thresholds: Thresholds['latency'], caseThresholds: Readonly<CaseThresholds> = {}): AppLatencyCheck {
  const retried = [...baseline, ...candidate].some((s) => s.kind === 'ok' && s.retries > 0);
  if (retried) return latencyCheck('app-latency', appValues(baseline), appValues(candidate), thresholds, caseThresholds);
  const metrics: LatencyMetrics = { nBaseline: 0, nCandidate: 0, baselineP50: null, candidateP50: null, baselineP95: null, candidateP95: null };
  return { check: 'app-latency', verdict: 'skipped', reason: 'No successful request was retried on either side: the application waited what E2E latency measured.', metrics };
}

/**
 * One string per distinct note: every case's latency check carries the same few, and the gate keeps
 * a check per case (a string built per case is a copy of its own). Bounded: the notes come from a
 * handful of templates and thresholds.
 */
const SHARED = new Map<string, string>();
function shared(text: string): string {
  const known = SHARED.get(text);
  if (known !== undefined) return known;
  if (SHARED.size < 64) SHARED.set(text, text);
  return text;
}

function criterion(quantile: QuantileName, q: number, base: readonly number[], cand: readonly number[], limit: number, alpha: number): Criterion | null {
  const interval = quantileRatio(base, cand, q, { alpha });
  if (interval === null) return null;
  const test = quantile === 'p50' ? mannWhitneyGreater(base, cand) : null;
  return {
    quantile,
    ratio: interval.ratio,
    lower: interval.lower,
    upper: interval.upper,
    limit,
    test: test === null ? 'permutation' : shared(`Mann-Whitney (${test.method})`),
    pValue: test === null ? quantilePermutationP(base, cand, q) : test.pValue,
    detectable: Number.POSITIVE_INFINITY,
  };
}

export function latencyCheck<N extends LatencyCheckName>(
  check: N,
  baselineMs: readonly number[],
  candidateMs: readonly number[],
  thresholds: Thresholds['latency'],
  caseThresholds: Readonly<CaseThresholds> = {},
): CheckOf<N, LatencyMetrics> {
  const base = summarise(baselineMs);
  const cand = summarise(candidateMs);
  const metrics: LatencyMetrics = {
    nBaseline: base.n,
    nCandidate: cand.n,
    baselineP50: base.p50,
    candidateP50: cand.p50,
    baselineP95: base.p95,
    candidateP95: cand.p95,
  };
  if (base.n === 0 && cand.n === 0) {
    // Nothing to measure on either side: shown, never gated, never inconclusive.
    const reason = check === 'ttft' ? 'No successful streamed sample on either side.' : 'No successful sample on either side.';
    return { check, verdict: 'not-measured', reason, metrics };
  }
  if (base.n < thresholds.minSamples || cand.n < thresholds.minSamples) {
    return {
      check,
      verdict: 'inconclusive',
      reason: `Too few samples to judge ${check}: ${base.n} baseline / ${cand.n} candidate, need ${thresholds.minSamples} per arm.`,
      metrics,
    };
  }
  const p50Limit = caseThresholds.latencyP50 ?? thresholds.p50;
  const p95Limit = caseThresholds.latencyP95 ?? thresholds.p95;
  const minN = Math.min(base.n, cand.n);
  const p95Gated = minN >= Math.max(P95_MIN_SAMPLES_FLOOR, thresholds.p95MinSamples);
  const p99Gated = minN >= thresholds.p99MinSamples;
  const alpha = thresholds.alpha;
  const criteria = [
    criterion('p50', 0.5, baselineMs, candidateMs, p50Limit, alpha),
    p95Gated ? criterion('p95', 0.95, baselineMs, candidateMs, p95Limit, alpha) : null,
    p99Gated ? criterion('p99', 0.99, baselineMs, candidateMs, thresholds.p99, alpha) : null,
  ].filter((c): c is Criterion => c !== null);
  const spreads = [logSpread(baselineMs), logSpread(candidateMs)].filter((x): x is number => x !== null);
  const notGated = [
    ...(p95Gated ? [] : [shared(`p95 not gated below ${Math.max(P95_MIN_SAMPLES_FLOOR, thresholds.p95MinSamples)} samples per arm`)]),
    ...(p99Gated ? [] : [shared(`p99 not gated below ${thresholds.p99MinSamples} samples per arm`)]),
  ];
  const judged: LatencyMetrics = Object.assign({}, metrics, {
    baselineP99: p99Gated ? base.p99 : null,
    candidateP99: p99Gated ? cand.p99 : null,
    p50Ratio: ratio(cand.p50, base.p50),
    p95Ratio: ratio(cand.p95, base.p95),
    p99Ratio: p99Gated ? ratio(cand.p99, base.p99) : null,
    p50Limit,
    p95Limit,
    alpha,
    spread: spreads.length === 0 ? 0 : spreads.reduce((a, b) => a + b, 0) / spreads.length,
    criteria,
    notGated,
  });
  // Judged as a family of its own criteria; the gate re-judges across the run.
  return rejudgeLatency({ check, verdict: 'pass', reason: '', metrics: judged }, holmAdjust(criteria.map((c) => c.pValue)), criteria.length);
}
