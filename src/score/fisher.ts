/**
 * Fisher's exact test, one-sided, for "the candidate's error rate is higher than the
 * baseline's". Exact at any count, which matters here: errors are rare, and a normal
 * approximation is poor at 0–10 errors — exactly where a canary decision is made.
 */

/** ln Γ(x) for x > 0, Lanczos (g = 7, n = 9): relative error below 1e-13. */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The p-value to 12 significant digits, in [0, 1]. The log-gamma terms carry relative errors of
 * ~1e-15, so a p that is exactly alpha came out just below it (3 of 3 failing vs 0 of 3 is
 * 1/20, computed 0.04999999999999996) and "p < alpha" held by rounding luck.
 */
const snap = (p: number): number => Math.min(1, Math.max(0, Number(p.toPrecision(12))));

const lnChoose = (n: number, k: number): number => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

export interface ErrorCounts {
  errors: number;
  requests: number;
}

/**
 * P(X ≥ candidate.errors) where X is the candidate's error count under "both arms share one
 * error rate" (hypergeometric, margins fixed). 1 when there is nothing to test.
 */
export function fisherGreater(candidate: ErrorCounts, baseline: ErrorCounts): number {
  const n1 = candidate.requests;
  const total = candidate.requests + baseline.requests;
  const errors = candidate.errors + baseline.errors;
  const a = candidate.errors;
  if (n1 === 0 || baseline.requests === 0 || errors === 0) return 1;
  const hi = Math.min(errors, n1);
  const lo = Math.max(0, n1 - (total - errors));
  if (a <= lo) return 1;
  // Sum the smaller tail, starting from the mode side's far end (log-gammas for the first term,
  // then the ratio recurrence): no cancellation of huge terms and no underflow of the bulk.
  const mean = (n1 * errors) / total;
  const lnPmf = (x: number): number => lnChoose(errors, x) + lnChoose(total - errors, n1 - x) - lnChoose(total, n1);
  const up = (x: number): number => ((errors - x) * (n1 - x)) / ((x + 1) * (total - errors - n1 + x + 1));
  if (a > mean) {
    let pmf = Math.exp(lnPmf(a));
    let sum = 0;
    for (let x = a; x <= hi && pmf > 0; x++) {
      sum += pmf;
      pmf *= up(x);
    }
    return snap(sum);
  }
  let pmf = Math.exp(lnPmf(a - 1));
  let below = 0;
  for (let x = a - 1; x >= lo && pmf > 0; x--) {
    below += pmf;
    pmf /= up(x - 1);
  }
  return snap(1 - below);
}
