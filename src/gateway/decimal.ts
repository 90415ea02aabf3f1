/**
 * Exact decimal arithmetic for prices. Gateways write USD as strings ("0.0000025", "1.5e-7",
 * "4.0000000000000003e-7", "0.15"); float multiplication would turn those into noise, so a
 * decimal string is read as an integer mantissa and a power of ten, and scaled with bigint.
 */

/** A non-negative decimal: value = mantissa × 10^exp10. */
export interface Decimal {
  mantissa: bigint;
  exp10: number;
}

const DECIMAL_RE = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a plain or exponent-notation decimal string; throws on anything else (incl. negatives). */
export function parseDecimal(text: string): Decimal {
  const s = text.trim();
  const m = DECIMAL_RE.exec(s);
  const intPart = m?.[1] ?? '';
  const fracPart = m?.[2] ?? '';
  if (!m || (intPart === '' && fracPart === '')) throw new RangeError(`not a non-negative decimal: ${JSON.stringify(text)}`);
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) throw new RangeError(`exponent out of range: ${JSON.stringify(text)}`);
  return { mantissa: BigInt(`${intPart}${fracPart}` || '0'), exp10: exp - fracPart.length };
}

/** Integer division of non-negative bigints, rounding half up (0.5 → 1). */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('divisor must be positive');
  return (num * 2n + den) / (den * 2n);
}

/**
 * `value × 10^scale / divisor`, rounded half up to an integer. With scale 9 this is nanos,
 * with 15 femto. One rounding at the end, so no error accumulates.
 */
export function scaleDecimal(d: Decimal, scale: number, divisor: bigint = 1n): bigint {
  const e = d.exp10 + scale;
  if (e >= 0) return divRoundHalfUp(d.mantissa * 10n ** BigInt(e), divisor);
  return divRoundHalfUp(d.mantissa, divisor * 10n ** BigInt(-e));
}

/** A JS number as the shortest decimal string that round-trips, then parsed exactly. */
export function decimalFromNumber(n: number): Decimal {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`not a non-negative finite number: ${n}`);
  return parseDecimal(String(n));
}
