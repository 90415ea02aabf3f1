import { describe, expect, it } from 'vitest';
import { timeLabel, timeSeriesSvg, timeTicks } from './svg-time.ts';
import { wrapText } from './svg-poster.ts';

const T0 = Date.UTC(2026, 10, 20);
const HOUR = 3600_000;

describe('time-series plots', () => {
  it('puts ticks on round UTC times and labels them for the span', () => {
    expect(timeTicks(T0 + 10 * 60_000, T0 + 6 * HOUR)).toEqual({ ticks: [1, 2, 3, 4, 5, 6].map((h) => T0 + h * HOUR), step: HOUR });
    expect(timeTicks(T0, T0 + 8 * 24 * HOUR).step).toBe(2 * 24 * HOUR);
    expect([timeLabel(T0 + 14.5 * HOUR, HOUR, false), timeLabel(T0 + 36 * HOUR, 12 * HOUR, true), timeLabel(T0 + 48 * HOUR, 24 * HOUR, true)]).toEqual(['14:30', 'Nov 21 12:00', 'Nov 22']);
  });

  it('draws a line per series with a gap where a point has no value, and the shaded window', () => {
    const svg = timeSeriesSvg({
      id: 'p',
      title: 'T',
      yLabel: 'ms',
      from: T0,
      to: T0 + 4 * HOUR,
      yFormat: String,
      series: [{ id: 'candidate', label: 'candidate', color: '#e8590c', points: [[T0, 1], [T0 + HOUR, 2], [T0 + 2 * HOUR, null], [T0 + 3 * HOUR, 3]] }],
      band: { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR, label: 'degraded', color: '#cf222e' },
    });
    const d = /data-series="candidate" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2); // the null point breaks the line
    expect(d.match(/L/g)).toHaveLength(1);
    expect(svg).toContain('data-band="p"');
    expect(svg).toContain('>degraded</text>');
  });

  it('wraps poster text on words, cutting only a word longer than the line', () => {
    expect(wrapText('aaa bbb ccc', 8 * 14 * 0.56, { size: 14 })).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('x'.repeat(20), 8 * 14 * 0.6, { size: 14, mono: true })).toEqual(['x'.repeat(8), 'x'.repeat(8), 'x'.repeat(4)]);
  });
});
