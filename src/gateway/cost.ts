/**
 * Cost as exact integer nanos (1e-9 USD) with its source. Per-token prices are fractions of a
 * nano ($0.15 per million tokens = 0.15 nanos per token), so prices are kept in femto-USD
 * (1e-15) per token as bigint and only the final cost of a call is rounded to nanos.
 *
 * Rounding: every conversion rounds half up, once, at the end (to femto for prices, to nanos
 * for usdToNanos and priceUsage). "4.0000000000000003e-7" (JS float noise in LLM Gateway's
 * catalog) therefore reads as exactly 400 000 000 femto = $0.40 per million tokens.
 */
import { decimalFromNumber, divRoundHalfUp, parseDecimal, scaleDecimal } from './decimal.ts';
import type { Cost, Usage } from './types.ts';

const NANO_SCALE = 9;
const FEMTO_SCALE = 15;
const FEMTO_PER_NANO = 1_000_000n;

export interface Price {
  /** femto-USD per prompt token (cached tokens excluded). */
  inputFemto: bigint;
  /** femto-USD per completion token. */
  outputFemto: bigint;
  /** femto-USD per cached prompt token; null = priced as input. */
  cachedFemto: bigint | null;
  source: 'configured' | 'catalog';
}

/** USD decimal string → integer nanos, half up ("0.0000048" → 4800). Throws RangeError on garbage. */
export function usdToNanos(usd: string): number {
  return Number(scaleDecimal(parseDecimal(usd), NANO_SCALE));
}

/** femto-USD per token → exact decimal USD per million tokens ("2.5", "0.075"), as people write prices. */
export function usdPerMillion(femtoPerToken: bigint): string {
  const per = 1_000_000_000n; // femto per token × 1e6 tokens ÷ 1e15 femto per USD
  const whole = femtoPerToken / per;
  const frac = (femtoPerToken % per).toString().padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

/** USD decimal string → integer femto-USD, half up. */
export function usdToFemto(usd: string): bigint {
  return scaleDecimal(parseDecimal(usd), FEMTO_SCALE);
}

/** Configured prices (eval.config.yaml `prices`): numbers in USD per million tokens. */
export function priceFromUsdPerMillion(p: { input: number; output: number; cached?: number | undefined }): Price {
  const perToken = (n: number) => scaleDecimal(decimalFromNumber(n), FEMTO_SCALE, 1_000_000n);
  return {
    inputFemto: perToken(p.input),
    outputFemto: perToken(p.output),
    cachedFemto: p.cached === undefined ? null : perToken(p.cached),
    source: 'configured',
  };
}

/**
 * LLM Gateway catalog `pricing`: USD-per-token strings. `input_cache_read` is always "0" in the
 * recorded snapshot even for models with a cache discount, so "0" there means "not stated".
 */
export function priceFromUsdPerToken(p: { prompt: string; completion: string; input_cache_read?: string }): Price {
  const cached = p.input_cache_read === undefined ? null : usdToFemto(p.input_cache_read);
  return {
    inputFemto: usdToFemto(p.prompt),
    outputFemto: usdToFemto(p.completion),
    cachedFemto: cached === null || cached === 0n ? null : cached,
    source: 'catalog',
  };
}

export interface AistatsMeter {
  unit_size: number | string;
  price_per_unit: string | number;
}

/** One AI Stats meter `{unit_size, price_per_unit}` (USD per unit_size units) → femto per unit. */
export function meterPrice(meter: AistatsMeter): bigint {
  const size = BigInt(String(meter.unit_size));
  if (size <= 0n) throw new RangeError(`unit_size must be positive: ${String(meter.unit_size)}`);
  const price = typeof meter.price_per_unit === 'number' ? decimalFromNumber(meter.price_per_unit) : parseDecimal(meter.price_per_unit);
  return scaleDecimal(price, FEMTO_SCALE, size);
}

/** AI Stats catalog `pricing.meters` (object keyed by meter name) → Price, or null without input/output meters. */
export function priceFromAistatsMeters(meters: Readonly<Record<string, AistatsMeter | null | undefined>>): Price | null {
  const input = meters['input_text_tokens'] ?? meters['input_tokens'];
  const output = meters['output_text_tokens'] ?? meters['output_tokens'];
  if (!input || !output) return null;
  const cached = meters['cached_read_text_tokens'];
  return {
    inputFemto: meterPrice(input),
    outputFemto: meterPrice(output),
    cachedFemto: cached ? meterPrice(cached) : null,
    source: 'catalog',
  };
}

/** Usage × price → integer nanos (half up, once). */
export function priceUsage(usage: Pick<Usage, 'promptTokens' | 'completionTokens' | 'cachedTokens'>, price: Price): number {
  const cached = BigInt(Math.min(usage.cachedTokens, usage.promptTokens));
  const uncached = BigInt(usage.promptTokens) - cached;
  const femto =
    uncached * price.inputFemto + cached * (price.cachedFemto ?? price.inputFemto) + BigInt(usage.completionTokens) * price.outputFemto;
  return Number(divRoundHalfUp(femto, FEMTO_PER_NANO));
}

function nanosField(v: unknown): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/**
 * AI Stats reports cost in `usage.pricing{total_nanos, lines}` (also in stream usage) and
 * top-level `cost_nanos` (non-stream, added only when something was priced). `cost_cents` is
 * floored (0 for small calls) and never used. Null (the caller records unknown, never 0) when
 * the fields are absent — and for an unpriced model: `total_nanos: 0` with no pricing lines
 * and no `cost_nanos`. A real zero-price card has lines with `line_nanos: 0`: a true $0.
 */
export function costFromAistatsBody(body: unknown): Cost | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const top = nanosField(b['cost_nanos']);
  const usage = b['usage'];
  if (typeof usage === 'object' && usage !== null) {
    const pricing = (usage as Record<string, unknown>)['pricing'];
    if (typeof pricing === 'object' && pricing !== null) {
      const p = pricing as Record<string, unknown>;
      const n = nanosField(p['total_nanos']);
      const lines = Array.isArray(p['lines']) ? p['lines'].length : 0;
      if (n !== null && (n > 0 || lines > 0)) return { source: 'gateway', nanos: n };
    }
  }
  return top === null ? null : { source: 'gateway', nanos: top };
}
