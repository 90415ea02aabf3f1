/**
 * Comparing failure rates between the arms (errors, first-attempt errors per kind), by the same
 * rule as latency (latency-rule.ts), on the difference candidate rate − baseline rate:
 *   - evidence: Fisher's exact one-sided test (candidate higher), p < alpha after Holm;
 *   - practical: the 95 % interval of the difference (Newcombe's hybrid score interval, from
 *     Wilson intervals; good at 0–10 events) reaches the limit (thresholds.errorRate.increase);
 *   - practical size without evidence → pass, named as not significant; evidence without practical size → pass.
 * Failures both gateways share (an upstream failing for everyone) raise both rates alike, so
 * they blame neither side; an absolute ceiling is the separate SLO check (gate/overall.ts).
 */
import type { CheckVerdict } from '../gate/types.ts';
import { binomialUpper, normalQuantile } from './distributions.ts';
import { fisherGreater } from './fisher.ts';
import { POWER_TARGET } from './power.ts';

export interface Count {
  count: number;
  of: number;
}

export interface RateCriterion {
  /** `any` for all errors, else an error kind (rate-limit, server …). */
  kind: string;
  baseline: Count;
  candidate: Count;
  /** candidate rate − baseline rate, and its 95 % interval. */
  difference: number;
  lower: number;
  upper: number;
  limit: number;
  pValue: number;
  /**
   * Smallest p Fisher's test can give with these margins (every event on the candidate). At or
   * above alpha the comparison can never be significant, so it is no hypothesis for Holm
   * (Tarone 1990): rare events do not dilute the family.
   */
  minP: number;
  /** Set by the gate: Holm-adjusted p. */
  pAdjusted?: number;
  /**
   * Set by the gate on the run-level comparison: the smallest candidate rate it fails with
   * POWER_TARGET probability (detectableRate); Infinity when no count of errors could fail it.
   */
  detectable?: number;
}

/** Wilson score interval of a proportion at two-sided level 1 − alpha. */
export function wilson(c: Count, alpha: number): { lower: number; upper: number } {
  if (c.of === 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - alpha / 2);
  const p = c.count / c.of;
  const denom = 1 + (z * z) / c.of;
  const centre = (p + (z * z) / (2 * c.of)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / c.of + (z * z) / (4 * c.of * c.of))) / denom;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** Fisher's p with every event of both arms on the candidate (its most extreme table). */
export function minFisherP(baseline: Count, candidate: Count): number {
  const events = baseline.count + candidate.count;
  const onCandidate = Math.min(events, candidate.of);
  return fisherGreater({ errors: onCandidate, requests: candidate.of }, { errors: events - onCandidate, requests: baseline.of });
}

const rate = (c: Count): number => (c.of === 0 ? 0 : c.count / c.of);

export function rateCriterion(kind: string, baseline: Count, candidate: Count, limit: number, alpha: number): RateCriterion {
  const pc = rate(candidate);
  const pb = rate(baseline);
  const wc = wilson(candidate, alpha);
  const wb = wilson(baseline, alpha);
  const difference = pc - pb;
  return {
    kind,
    baseline,
    candidate,
    difference,
    lower: difference - Math.hypot(pc - wc.lower, wb.upper - pb),
    upper: difference + Math.hypot(wc.upper - pc, pb - wb.lower),
    limit,
    pValue: fisherGreater({ errors: candidate.count, requests: candidate.of }, { errors: baseline.count, requests: baseline.of }),
    minP: minFisherP(baseline, candidate),
  };
}

/**
 * The smallest candidate error rate the comparison fails with POWER_TARGET (80 %) probability,
 * given the baseline's observed count and the candidate's number of requests: Fisher's p below
 * alpha ÷ `families` (the gate's checks sharing alpha, for an increase only this comparison sees)
 * and the interval's upper end at the limit both hold from some candidate count k on (each grows
 * with the count), so the chance of failing at a true rate r is P(Binomial(n, r) ≥ k), exactly;
 * solved for r. Infinity when even every request failing could not fail it. The baseline's count
 * is taken as observed, not redrawn.
 */
export function detectableRate(baseline: Count, candidateRequests: number, limit: number, alpha: number, families = 1): number {
  const n = candidateRequests;
  if (n === 0 || baseline.of === 0) return Number.POSITIVE_INFINITY;
  const alphaTest = alpha / Math.max(1, families);
  const fails = (k: number): boolean => {
    const c = rateCriterion('any', baseline, { count: k, of: n }, limit, alpha);
    return c.pValue < alphaTest && c.upper >= limit;
  };
  if (!fails(n)) return Number.POSITIVE_INFINITY;
  let lo = 0; // fails(0) is false: no candidate error is no evidence
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  let low = 0;
  let high = 1;
  for (let i = 0; i < 50; i++) {
    const r = (low + high) / 2;
    if (binomialUpper(hi, n, r) >= POWER_TARGET) high = r;
    else low = r;
  }
  return high;
}

const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} points`;
const share = (c: Count): string => `${((c.of === 0 ? 0 : c.count / c.of) * 100).toFixed(1)} % (${c.count}/${c.of})`;

function shown(c: RateCriterion): string {
  const what = c.kind === 'any' ? '' : `${c.kind} `;
  return `${what}candidate ${share(c.candidate)} vs baseline ${share(c.baseline)}: ${points(c.difference)} (95 % CI ${points(c.lower)} … ${points(c.upper)}, limit +${(c.limit * 100).toFixed(1)})`;
}

function p(c: RateCriterion): string {
  return `Fisher p = ${c.pValue.toPrecision(3)}${c.pAdjusted !== undefined ? `, Holm-adjusted ${c.pAdjusted.toPrecision(3)}` : ''}`;
}

const evidence = (c: RateCriterion, alpha: number): boolean => (c.pAdjusted ?? c.pValue) < alpha;

/** " — could have detected a candidate rate of ≥ 2.3 %" for the criteria the gate sized; '' for the rest. */
function detectableText(criteria: readonly RateCriterion[]): string {
  const sized = criteria.filter((c) => c.detectable !== undefined);
  if (sized.length === 0) return '';
  const one = (c: RateCriterion): string => {
    const what = c.kind === 'any' ? 'rate' : `${c.kind} rate`;
    const d = c.detectable as number;
    // Rounded up, as the latency figures are: the printed rate is never below the one sized.
    return Number.isFinite(d) ? `a candidate ${what} of ≥ ${(Math.ceil(d * 1000 - 1e-9) / 10).toFixed(1)} %` : `no candidate ${what} (too few requests for any significant result)`;
  };
  return ` — could have detected ${sized.map(one).join(', ')}`;
}

/** The rule of latency-rule.ts on rate differences; `label` names the measure. */
export function judgeRates(label: string, criteria: readonly RateCriterion[], alpha: number): { verdict: CheckVerdict; reason: string } {
  const failing = criteria.filter((c) => evidence(c, alpha) && c.upper >= c.limit);
  if (failing.length > 0) return { verdict: 'fail', reason: `${label} higher on the candidate: ${failing.map((c) => `${shown(c)}, ${p(c)}`).join('; ')}.` };
  const could = detectableText(criteria);
  const unclear = criteria.filter((c) => !evidence(c, alpha) && c.difference > c.limit);
  if (unclear.length > 0) {
    return { verdict: 'pass', reason: `${label} looks higher on the candidate (${unclear.map(shown).join('; ')}) but not significantly (${unclear.map(p).join('; ')}): treated as noise${could}; more requests would tell.` };
  }
  const listed = criteria.filter((c) => c.candidate.count + c.baseline.count > 0);
  if (listed.length === 0) return { verdict: 'pass', reason: `${label}: none on either gateway${could}.` };
  return { verdict: 'pass', reason: `${label} alike: ${listed.map(shown).join('; ')}${could}.` };
}
