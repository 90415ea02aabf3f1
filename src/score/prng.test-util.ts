/** Seeded PRNG and distributions for tests (deterministic trials; not used by product code). */
import { mulberry32, normalVariate as normal } from '../util/prng.ts';

export { mulberry32, normal };

/** Lognormal latencies (ms) with median `medianMs` and log-sd `sigma`. */
export function lognormalSamples(next: () => number, n: number, medianMs: number, sigma: number): number[] {
  return Array.from({ length: n }, () => medianMs * Math.exp(sigma * normal(next)));
}
