/** AI Stats' cost block: `usage.pricing{…}` and the top-level nanos fields (captures/aistats.md #10). */
import { nanosPerToken, type SimModel } from './catalog.ts';
import type { SimAnswer } from './responder.ts';

export interface PricingLine {
  dimension: string;
  quantity: number;
  billable_units: number;
  unit_size: 1;
  unit_price_usd: string;
  line_cost_usd: string;
  line_nanos: number;
  billing_timestamp_basis: 'request_start';
  billing_timestamp_basis_configured: 'request_start';
  billing_timestamp_ms: number;
  billing_timestamp_iso: string;
  pricing_time_window: null;
}

export interface Pricing {
  total_nanos: number;
  total_usd_str: string;
  total_cents: number;
  currency: 'USD';
  lines: PricingLine[];
}

/** Exact decimal USD from integer nanos, 9 places (`"0.000001800"`). */
export function nanosToUsd(nanos: number): string {
  const whole = Math.floor(nanos / 1e9);
  return `${whole}.${String(nanos - whole * 1e9).padStart(9, '0')}`;
}

/** Trailing zeros trimmed (`"0.0000048"`); zero stays `"0.000000000"` as the gateway writes it. */
function trimmedUsd(nanos: number): string {
  const s = nanosToUsd(nanos);
  return nanos === 0 ? s : s.replace(/0+$/, '').replace(/\.$/, '');
}

export function pricingFor(model: SimModel, answer: SimAnswer, startedAtMs: number): Pricing {
  const line = (dimension: string, quantity: number, usdPerM: number): PricingLine => {
    const per = nanosPerToken(usdPerM);
    const nanos = per * quantity;
    return {
      dimension,
      quantity,
      billable_units: quantity,
      unit_size: 1,
      unit_price_usd: nanosToUsd(per),
      line_cost_usd: nanosToUsd(nanos),
      line_nanos: nanos,
      billing_timestamp_basis: 'request_start',
      billing_timestamp_basis_configured: 'request_start',
      billing_timestamp_ms: startedAtMs,
      billing_timestamp_iso: new Date(startedAtMs).toISOString(),
      pricing_time_window: null,
    };
  };
  const lines = [line('input_text_tokens', answer.promptTokens, model.inputUsdPerM), line('output_text_tokens', answer.completionTokens, model.outputUsdPerM)];
  const total = lines.reduce((n, l) => n + l.line_nanos, 0);
  return { total_nanos: total, total_usd_str: trimmedUsd(total), total_cents: Math.floor(total / 1e7), currency: 'USD', lines };
}

/**
 * What an unpriced model gets (a price card whose meters never match the usage, or usage the
 * upstream never sent): a zero total, no lines (captures/aistats.md, 2026-12-01).
 */
export function unpricedPricing(): Pricing {
  return { total_nanos: 0, total_usd_str: '0', total_cents: 0, currency: 'USD', lines: [] };
}

/** Top-level cost fields: the gateway adds them only when total_nanos > 0, total_cents > 0 or there are lines. */
export function topLevelCost(pricing: Pricing): Record<string, unknown> {
  if (pricing.total_nanos <= 0 && pricing.total_cents <= 0 && pricing.lines.length === 0) return {};
  return { cost_nanos: pricing.total_nanos, cost_cents: pricing.total_cents, currency: pricing.currency, pricing_lines: pricing.lines };
}
