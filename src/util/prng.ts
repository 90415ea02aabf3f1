/** One seeded PRNG for the simulator, fixtures and test data (deterministic by seed). */

export type Rng = () => number;

/** A source of uniform numbers in [0, 1) called as a method (see Mulberry32). */
export interface Uniform {
  next(): number;
}

/**
 * mulberry32 as an object: the same numbers as `mulberry32(seed)`, for hot loops (the bootstraps
 * draw 20,000 per interval). V8 inlines a monomorphic `g.next()`; a closure made per seed is not
 * inlined at its call sites, and a uint32 state above 2³¹ is a heap number, boxed anew on every
 * call (~2.5× slower, and garbage).
 */
export class Mulberry32 implements Uniform {
  /** The state as an int32 (the same bits as mulberry32's uint32): a small integer V8 never boxes. */
  private a = 0;

  constructor(seed: number) {
    this.a = seed | 0;
  }

  next(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) | 0);
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** mulberry32: small, fast, good enough for text, jitter and test data; returns [0, 1). */
export function mulberry32(seed: number): Rng {
  const g = new Mulberry32(seed);
  return () => g.next();
}

/** FNV-1a 32-bit hash of a string: stable across processes and Node versions (seeds from names). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Standard normal variate (Box-Muller). */
export function normalVariate(next: Rng): number {
  const u = 1 - next();
  const v = next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) variate, shape ≥ 1 (Marsaglia & Tsang 2000; boosted below 1). */
export function gammaVariate(next: Rng, shape: number): number {
  if (shape < 1) return gammaVariate(next, shape + 1) * (1 - next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalVariate(next);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) variate from two gamma variates. */
export function betaVariate(next: Rng, a: number, b: number): number {
  const x = gammaVariate(next, a);
  const y = gammaVariate(next, b);
  return x / (x + y);
}
