/** Seeded randomness and ids for the simulator: deterministic where outputs must repeat. */
import { randomBytes } from 'node:crypto';
import { hash32, mulberry32, type Rng } from '../util/prng.ts';

export { hash32 };

/** Combines seeds so (a, b) and (b, a) give different streams. */
export function mixSeeds(...parts: readonly (number | string)[]): number {
  return hash32(parts.map(String).join('\u0001'));
}

export type { Rng };
/** The simulator's seeded generator (mulberry32). */
export const rngFrom = mulberry32;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 26-char ULID (48-bit time + 80 random bits), as AI Stats puts in `G-<ULID>` ids. */
export function ulid(nowMs: number = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD.charAt((bytes[i] ?? 0) % 32);
  return time + rand;
}

/** A 40-char alphanumeric id, like LLM Gateway's `x-request-id`. */
export function alnumId(length = 40): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM.charAt((bytes[i] ?? 0) % ALNUM.length);
  return out;
}
