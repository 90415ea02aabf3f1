/** Seeded PRNG and distributions for tests (deterministic trials; not used by product code). */
import { mulberry32 } from '../util/prng.ts';

export { mulberry32 };


/** Standard normal by Box-Muller. */
export function normal(next: () => number): number {
  const u = 1 - next();
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal latencies (ms) with median `medianMs` and log-sd `sigma`. */
export function lognormalSamples(next: () => number, n: number, medianMs: number, sigma: number): number[] {
  return Array.from({ length: n }, () => medianMs * Math.exp(sigma * normal(next)));
}
