import { describe, expect, it } from 'vitest';
import {
  costFromAistatsBody,
  meterPrice,
  priceFromAistatsMeters,
  priceFromUsdPerMillion,
  priceFromUsdPerToken,
  priceUsage,
  usdToFemto,
  usdToNanos,
} from './cost.ts';

describe('usdToNanos', () => {
  it('parses plain and exponent notation exactly', () => {
    expect(usdToNanos('0.0000048')).toBe(4800);
    expect(usdToNanos('0.000000150')).toBe(150);
    expect(usdToNanos('1.5e-7')).toBe(150);
    expect(usdToNanos('8e-05')).toBe(80_000);
    expect(usdToNanos('12')).toBe(12_000_000_000);
    expect(usdToNanos('.5')).toBe(500_000_000);
  });
  it('rounds half up to whole nanos', () => {
    expect(usdToNanos('0.0000000005')).toBe(1);
    expect(usdToNanos('0.00000000049')).toBe(0);
    expect(usdToNanos('4.0000000000000003e-7')).toBe(400);
  });
  it('rejects non-numbers and negatives', () => {
    expect(() => usdToNanos('abc')).toThrow(RangeError);
    expect(() => usdToNanos('-1')).toThrow(RangeError);
    expect(() => usdToNanos('')).toThrow(RangeError);
  });
  it('keeps float noise out of femto prices', () => {
    expect(usdToFemto('4.0000000000000003e-7')).toBe(400_000_000n);
    expect(usdToFemto('1.0000000000000001e-7')).toBe(100_000_000n);
  });
});

describe('one price, three forms', () => {
  // gpt-4o-mini: $0.15 in / $0.60 out per million tokens, $0.075 cached.
  const llm = priceFromUsdPerToken({ prompt: '1.5e-7', completion: '6e-7', input_cache_read: '0' });
  const ais = priceFromAistatsMeters({
    input_text_tokens: { unit_size: 1_000_000, price_per_unit: '0.15' },
    output_text_tokens: { unit_size: 1_000_000, price_per_unit: '0.6' },
    cached_read_text_tokens: null,
    input_tokens: null,
  });
  const cfg = priceFromUsdPerMillion({ input: 0.15, output: 0.6 });

  it('parses to the same femto figures', () => {
    expect(ais).not.toBeNull();
    for (const p of [llm, ais!, cfg]) {
      expect(p.inputFemto).toBe(150_000_000n);
      expect(p.outputFemto).toBe(600_000_000n);
      expect(p.cachedFemto).toBeNull();
    }
    expect(llm.source).toBe('catalog');
    expect(cfg.source).toBe('configured');
  });

  it('prices the same usage to the same nanos (and matches AI Stats own bill)', () => {
    // AI Stats C15: 12 prompt + 5 completion tokens at 0.15/0.6 per M → total_nanos 4800.
    const usage = { promptTokens: 12, completionTokens: 5, cachedTokens: 0 };
    expect(priceUsage(usage, llm)).toBe(4800);
    expect(priceUsage(usage, ais!)).toBe(4800);
    expect(priceUsage(usage, cfg)).toBe(4800);
  });

  it('prices cached tokens at the cached rate when stated', () => {
    const p = priceFromUsdPerMillion({ input: 2.5, output: 10, cached: 1.25 });
    expect(priceUsage({ promptTokens: 1000, completionTokens: 0, cachedTokens: 400 }, p)).toBe(600 * 2500 + 400 * 1250);
  });

  it('meterPrice divides by unit_size exactly', () => {
    expect(meterPrice({ unit_size: 1, price_per_unit: '0.000000150' })).toBe(150_000_000n);
    expect(meterPrice({ unit_size: 1000, price_per_unit: '0.00015' })).toBe(150_000_000n);
  });

  it('LLM Gateway gpt-4o catalog prices the snapshot log cost (12/5 tokens → $8e-05)', () => {
    const gpt4o = priceFromUsdPerToken({ prompt: '0.0000025', completion: '0.00001' });
    expect(priceUsage({ promptTokens: 12, completionTokens: 5, cachedTokens: 0 }, gpt4o)).toBe(usdToNanos('8e-05'));
  });
});

describe('costFromAistatsBody', () => {
  it('reads usage.pricing.total_nanos, then cost_nanos', () => {
    expect(costFromAistatsBody({ usage: { pricing: { total_nanos: 4800, total_cents: 0 } }, cost_cents: 0 })).toEqual({
      source: 'gateway',
      nanos: 4800,
    });
    expect(costFromAistatsBody({ usage: {}, cost_nanos: 4800, cost_cents: 0 })).toEqual({ source: 'gateway', nanos: 4800 });
  });
  it('an unpriced model (total_nanos 0, no lines, no cost_nanos) is null; a zero-price card with lines is a true 0', () => {
    const unpriced = { total_nanos: 0, total_usd_str: '0', total_cents: 0, currency: 'USD', lines: [] };
    expect(costFromAistatsBody({ usage: { prompt_tokens: 12, completion_tokens: 5, pricing: unpriced } })).toBeNull();
    expect(costFromAistatsBody({ usage: { pricing: { ...unpriced, lines: [{ dimension: 'input_text_tokens', line_nanos: 0 }] } }, cost_nanos: 0 })).toEqual({ source: 'gateway', nanos: 0 });
    expect(costFromAistatsBody({ usage: { pricing: unpriced }, cost_nanos: 0 })).toEqual({ source: 'gateway', nanos: 0 });
  });
  it('never uses the floored cost_cents and reports absence as null', () => {
    expect(costFromAistatsBody({ usage: { prompt_tokens: 1 }, cost_cents: 1 })).toBeNull();
    expect(costFromAistatsBody('nope')).toBeNull();
  });
});
