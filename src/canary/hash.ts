/**
 * Stable routing buckets. A key (user id, tenant id …) always lands in the same one of 10 000
 * buckets, on every process and every machine, so one user sees one gateway. The candidate arm
 * is "bucket < percent × 100": raising the percentage only adds buckets, it never moves a key
 * from the candidate back to the baseline.
 */

import { CanaryError, type Arm } from './types.ts';

/** Buckets per 100 %: a resolution of 0.01 percentage points. */
export const BUCKETS = 10_000;

/**
 * FNV-1a over the UTF-8 bytes, then murmur3's fmix32 finaliser. FNV alone mixes the last byte
 * poorly (user-1, user-2 … would cluster); the finaliser gives full avalanche. Pure JS so the
 * canary also runs where node:crypto does not.
 */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  // ASCII keys (the usual ids) hash straight from char codes; anything else from its UTF-8 bytes.
  const ascii = !/[^\u0000-\u007f]/u.test(key); // eslint-disable-line no-control-regex
  const bytes: ArrayLike<number> = ascii ? { length: key.length } : new TextEncoder().encode(key);
  for (let i = 0; i < bytes.length; i++) {
    h ^= ascii ? key.charCodeAt(i) : (bytes[i] as number);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The bucket (0 … BUCKETS-1) of a key: the hash scaled, not taken modulo, so buckets are even. */
export function bucketOf(key: string): number {
  return Math.floor((hash32(key) * BUCKETS) / 2 ** 32);
}

/** Percent (0–100, 0.01 resolution) → the number of candidate buckets. */
export function candidateBuckets(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new CanaryError(`canary percent must be between 0 and 100, got ${percent}`);
  }
  return Math.round(percent * (BUCKETS / 100));
}

/** Which arm a key goes to at `percent`. */
export function armFor(key: string, percent: number): Arm {
  return bucketOf(key) < candidateBuckets(percent) ? 'candidate' : 'baseline';
}
