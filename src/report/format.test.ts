import { describe, expect, it } from 'vitest';
import { formatCost, formatMs, formatPercent, usdFromNanos } from './format.ts';

describe('format', () => {
  it('turns nanos into exact decimal USD', () => {
    expect(usdFromNanos(0)).toBe('0');
    expect(usdFromNanos(1)).toBe('0.000000001');
    expect(usdFromNanos(1_362_500)).toBe('0.0013625');
    expect(usdFromNanos(12_000_000_000)).toBe('12');
    expect(usdFromNanos(9_007_199_254_740_991)).toBe('9007199.254740991');
  });

  it('shows unknown cost as unknown, never as zero', () => {
    expect(formatCost({ costNanos: null, costSource: 'unknown' })).toBe('unknown');
    expect(formatCost({ costNanos: 0, costSource: 'gateway' })).toBe('$0 (gateway)');
    expect(formatCost({ costNanos: 102_790_000, costSource: 'catalog' })).toBe('$0.1028 (catalog)');
  });

  it('formats times and shares for people', () => {
    expect(formatMs(842.4)).toBe('842 ms');
    expect(formatMs(1420)).toBe('1.42 s');
    expect(formatMs(null)).toBe('–');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.0083)).toBe('0.8 %');
  });
});
