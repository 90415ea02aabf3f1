/**
 * Quantile and tail functions of the textbook distributions, from jstat (well-kept, one
 * package, no dependencies) rather than hand-written approximations.
 */
import jstat from 'jstat';

const { jStat } = jstat;

/** z with P(Z ≤ z) = p for a standard normal. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** P(Z ≤ z) for a standard normal. */
export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

/** t with P(T ≤ t) = p for Student's t with `dof` degrees of freedom. */
export function studentTQuantile(p: number, dof: number): number {
  return jStat.studentt.inv(p, dof);
}

/** P(X ≤ k) for X ~ Binomial(n, p): the exact test's p for "rate below p". */
export function binomialLower(k: number, n: number, p: number): number {
  if (k >= n) return 1;
  if (k < 0) return 0;
  return Math.min(1, Math.max(0, jStat.binomial.cdf(k, n, p)));
}

/** P(X ≥ k) for X ~ Binomial(n, p): the one-sided exact binomial test's p-value. */
export function binomialUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return Math.min(1, Math.max(0, 1 - jStat.binomial.cdf(k - 1, n, p)));
}
