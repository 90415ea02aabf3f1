import { describe, expect, it } from 'vitest';
import { cdfSvg, histogramSvg, niceTicks } from './svg.ts';

const series = [
  { id: 'baseline', label: 'baseline <b>', values: [100, 120, 130, 180, 240], color: '#00f' },
  { id: 'candidate', label: 'candidate', values: [110, 150, 170, 220, 400], color: '#f80' },
];

describe('svg plots', () => {
  it('chooses 1-2-5 ticks that cover the range', () => {
    expect(niceTicks(0, 0.22, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(100, 400)).toEqual([100, 150, 200, 250, 300, 350, 400]);
    expect(niceTicks(5, 5).length).toBeGreaterThanOrEqual(2);
  });

  it('draws one series per gateway with axes and an escaped legend', () => {
    for (const svg of [cdfSvg({ id: 'e2e-cdf', title: 'E2E', xLabel: 'ms', series }), histogramSvg({ id: 'e2e-histogram', title: 'E2E', xLabel: 'ms', series })]) {
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 520 300"/);
      expect(svg).toContain('data-series="baseline"');
      expect(svg).toContain('data-series="candidate"');
      expect(svg).toContain('baseline &lt;b&gt; (n=5)');
      expect(svg).not.toContain('<b>');
      expect(svg).toContain('>400</text>');
    }
  });

  it('a CDF reaches 100 % and a histogram has a bar per occupied bin', () => {
    const cdf = cdfSvg({ id: 'c', title: 't', xLabel: 'ms', series: [series[0]!] });
    expect(cdf).toMatch(/d="M[^"]*V34[^"]*"/); // the top of the plot area (y of 100 %)
    const hist = histogramSvg({ id: 'h', title: 't', xLabel: 'ms', series: [series[0]!] });
    const bars = hist.match(/<g class="series"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
    expect(bars.match(/<rect /g)).toHaveLength(5);
  });

  it('says so when there are no samples', () => {
    expect(cdfSvg({ id: 'c', title: 't', xLabel: 'ms', series: [{ ...series[0]!, values: [] }] })).toContain('no samples');
  });
});
