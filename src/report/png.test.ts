import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { fontPaths, svgToPng } from './png.ts';
import { MONO, SANS } from './svg.ts';

/** Pixels darker than near-white. */
function inked(png: Buffer): number {
  const img = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < img.width * img.height; i++) if ((img.data[i * 4] ?? 255) < 200) n++;
  return n;
}

const textOnly = (text: string, family: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="28" font-family="${family}" font-size="20">${text}</text></svg>`;

describe('svgToPng', () => {
  it('draws text with the fonts cutover ships, never the system’s (a fresh machine renders the same)', () => {
    expect(fontPaths()).toHaveLength(4);
    const sans = svgToPng(textOnly('ROLLBACK 12.5 % → p95', SANS), 1);
    const mono = svgToPng(textOnly('AI_STATS_API_KEY=•••', MONO), 1);
    expect([sans.width, sans.height]).toEqual([400, 40]);
    // Without a loadable font resvg draws no text at all: ink proves the shipped fonts were used.
    expect(inked(sans.png)).toBeGreaterThan(300);
    expect(inked(mono.png)).toBeGreaterThan(300);
    expect(sans.png.equals(svgToPng(textOnly('ROLLBACK 12.5 % → p95', SANS), 1).png)).toBe(true); // deterministic
  });

  it('scales by the zoom it is given', () => {
    const out = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#3b5bdb"/></svg>', 1.5);
    expect([out.width, out.height]).toEqual([150, 75]);
  });
});
