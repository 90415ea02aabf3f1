/**
 * Run-level error checks over the ordinary cases:
 *   - errors: the arms' pooled error rates compared (rates.ts: Fisher, a practical size) — failures
 *     both gateways share raise both rates alike and blame neither;
 *   - first-attempt: the same per error kind on first attempts (what retries hid), Holm across kinds;
 *   - slo: each gateway's error rate against the absolute ceiling thresholds.errorRate.max, the
 *     same for both; it fails when the candidate is above it with evidence (exact one-sided
 *     binomial test, H0: rate ≤ max) AND the breach is the candidate's own: the baseline is shown
 *     within the ceiling (exact test, H0: rate ≥ max) or the candidate errs more than the baseline
 *     (Fisher's exact test). Otherwise (both near or above it) the breach may be the shared
 *     upstream's: inconclusive, said so. Above it without evidence passes, said so, by the one rule.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf } from './types.ts';
import type { GateCase } from './digest.ts';
import { countedErrors, countedSamples } from '../score/arm.ts';
import { binomialLower, binomialUpper } from '../score/distributions.ts';
import { detectableRate, judgeRates, rateCriterion, type Count, type RateCriterion } from '../score/rates.ts';
import { holmAdjust } from '../score/stats.ts';
import { fisherGreater } from '../score/fisher.ts';
import { ordinary } from './overall.ts';

export interface OverallRateMetrics {
  alpha: number;
  criteria: RateCriterion[];
  /** Set by the gate: checks (families) the run's hypotheses were adjusted across (gate/families.ts). */
  families?: number;
}

export interface SloSide extends Count {
  rate: number;
  /** Exact one-sided binomial p for "rate above max". */
  pValue: number;
  /** Exact one-sided binomial p for "rate below max" (within the SLO). */
  pWithin: number;
}

export interface SloMetrics {
  max: number;
  alpha: number;
  baseline: SloSide;
  candidate: SloSide;
}

export type OverallErrorsCheck = CheckOf<'errors', OverallRateMetrics>;
export type OverallFirstAttemptCheck = CheckOf<'first-attempt', OverallRateMetrics>;
export type SloCheck = CheckOf<'slo', SloMetrics>;

function pooledErrors(cases: readonly GateCase[]): { baseline: Count; candidate: Count } {
  const baseline = { count: 0, of: 0 };
  const candidate = { count: 0, of: 0 };
  for (const c of ordinary(cases)) {
    baseline.count += countedErrors(c.baseline);
    baseline.of += countedSamples(c.baseline);
    candidate.count += countedErrors(c.candidate);
    candidate.of += countedSamples(c.candidate);
  }
  return { baseline, candidate };
}

export function overallErrorRate(cases: readonly GateCase[], thresholds: Thresholds['errorRate'], alpha: number): OverallErrorsCheck {
  const { baseline, candidate } = pooledErrors(cases);
  const criteria = [rateCriterion('any', baseline, candidate, thresholds.increase, alpha)];
  const metrics = { alpha, criteria };
  if (candidate.of === 0) return { check: 'errors', verdict: 'skipped', reason: 'No ordinary requests.', metrics };
  return { check: 'errors', ...judgeRates('Overall error rate', criteria, alpha), metrics };
}

export function overallFirstAttempt(cases: readonly GateCase[], thresholds: Thresholds['errorRate'], alpha: number): OverallFirstAttemptCheck {
  const byKind = new Map<string, { baseline: number; candidate: number }>();
  let baseRequests = 0;
  let candRequests = 0;
  for (const c of ordinary(cases)) {
    const check = c.checks.find((x) => x.check === 'first-attempt');
    if (check === undefined || !('metrics' in check) || check.check !== 'first-attempt') continue;
    baseRequests += check.metrics.baselineRequests;
    candRequests += check.metrics.candidateRequests;
    for (const k of check.metrics.criteria) {
      const t = byKind.get(k.kind) ?? { baseline: 0, candidate: 0 };
      t.baseline += k.baseline.count;
      t.candidate += k.candidate.count;
      byKind.set(k.kind, t);
    }
  }
  const raw = [...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, t]) =>
    rateCriterion(kind, { count: t.baseline, of: baseRequests }, { count: t.candidate, of: candRequests }, thresholds.increase, alpha),
  );
  const adjusted = holmAdjust(raw.map((c) => c.pValue));
  const criteria = raw.map((c, i) => ({ ...c, pAdjusted: adjusted[i] ?? c.pValue }));
  const metrics = { alpha, criteria };
  if (baseRequests + candRequests === 0) return { check: 'first-attempt', verdict: 'not-measured', reason: 'First attempts not recorded on either side.', metrics };
  return { check: 'first-attempt', ...judgeRates('Overall first-attempt errors', criteria, alpha), metrics };
}

const RATE_LABEL = { errors: 'Overall error rate', 'first-attempt': 'Overall first-attempt errors' } as const;

/** A pooled rate comparison re-judged on p-values adjusted across the gate's `families` checks. */
export function rejudgeOverallRates<C extends OverallErrorsCheck | OverallFirstAttemptCheck>(check: C, adjusted: readonly number[], families: number): C {
  const criteria = check.metrics.criteria.map((c, i) => ({ ...c, pAdjusted: adjusted[i] ?? c.pAdjusted ?? c.pValue }));
  return { ...check, ...judgeRates(RATE_LABEL[check.check], criteria, check.metrics.alpha), metrics: { ...check.metrics, criteria, families } };
}

/**
 * A passing run-level error comparison with what it could have detected: the smallest candidate
 * error rate it fails with 80 % power at these request counts, tested at alpha ÷ `families` (the
 * gate's checks sharing alpha when the candidate errs — the error families included).
 */
export function withDetectableRate(check: OverallErrorsCheck, families: number): OverallErrorsCheck {
  if (check.verdict !== 'pass') return check;
  const { alpha } = check.metrics;
  const criteria = check.metrics.criteria.map((c) => ({ ...c, detectable: detectableRate(c.baseline, c.candidate.of, c.limit, alpha, families) }));
  return { ...check, ...judgeRates(RATE_LABEL.errors, criteria, alpha), metrics: { ...check.metrics, criteria } };
}

function sloSide(c: Count, max: number): SloSide {
  const rate = c.of === 0 ? 0 : c.count / c.of;
  return { ...c, rate, pValue: binomialUpper(c.count, c.of, max), pWithin: c.of === 0 ? 1 : binomialLower(c.count, c.of, max) };
}

const showSide = (s: SloSide): string => `${(s.rate * 100).toFixed(1)} % (${s.count}/${s.of}, binomial p = ${s.pValue.toPrecision(3)})`;

export function sloCheck(cases: readonly GateCase[], thresholds: Thresholds['errorRate'], alpha: number): SloCheck {
  const pooled = pooledErrors(cases);
  const max = thresholds.max;
  const metrics: SloMetrics = { max, alpha, baseline: sloSide(pooled.baseline, max), candidate: sloSide(pooled.candidate, max) };
  const { baseline: b, candidate: c } = metrics;
  if (c.of === 0) return { check: 'slo', verdict: 'skipped', reason: 'No ordinary requests.', metrics };
  const slo = `error-rate SLO ${(max * 100).toFixed(1)} %`;
  const baseNote = b.rate > max ? ` The baseline is above it too (${showSide(b)}): the shared upstream may be failing for everyone.` : ` Baseline ${showSide(b)}.`;
  if (c.rate > max && c.pValue < alpha) {
    // The candidate breaks the SLO on its own only if the baseline is shown to meet it or to err
    // less; otherwise the breach may be the shared upstream's.
    const worse = fisherGreater({ errors: c.count, requests: c.of }, { errors: b.count, requests: b.of });
    if (b.pWithin < alpha || worse < alpha) {
      const own = b.pWithin < alpha ? `the baseline meets it (${showSide(b)}, within: binomial p = ${b.pWithin.toPrecision(3)})` : `the baseline errs less (${showSide(b)}; candidate higher: Fisher p = ${worse.toPrecision(3)})`;
      return { check: 'slo', verdict: 'fail', reason: `Candidate above the ${slo}: ${showSide(c)}; ${own}.`, metrics };
    }
    const why = b.rate > max ? baseNote : ` The baseline is neither shown within it nor erring less (${showSide(b)}): the breach may be shared.`;
    return { check: 'slo', verdict: 'inconclusive', reason: `Candidate above the ${slo}: ${showSide(c)}.${why}`, metrics };
  }
  if (c.rate > max) return { check: 'slo', verdict: 'pass', reason: `Candidate looks above the ${slo} but not significantly: ${showSide(c)}; treated as noise.${baseNote}`, metrics };
  return { check: 'slo', verdict: 'pass', reason: `Candidate within the ${slo}: ${showSide(c)}.${baseNote}`, metrics };
}
