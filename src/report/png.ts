/**
 * SVG → PNG without a browser: resvg (`@resvg/resvg-js`, Rust, prebuilt per platform on npm).
 * Text is drawn with the fonts cutover ships as dependencies (Inter, JetBrains Mono; SIL OFL) and
 * system fonts are never loaded, so a fresh machine or CI runner without any font installed
 * renders the same pixels as a laptop.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { CutoverError, EXIT } from '../errors.ts';

const require = createRequire(import.meta.url);

export const FONT_FILES = [
  '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
  '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf',
  '@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf',
] as const;

/** Rendered at 1.5× the SVG's size: crisp on high-density screens, small enough for a README. */
export const PNG_SCALE = 1.5;

export function fontPaths(): string[] {
  return FONT_FILES.map((f) => {
    let path: string | undefined;
    try {
      path = require.resolve(f);
    } catch {
      path = undefined;
    }
    if (!path || !existsSync(path)) throw new CutoverError('png', `font ${f} is missing: reinstall cutover's dependencies (npm ci)`, EXIT.internal);
    return path;
  });
}

export interface Png {
  png: Buffer;
  width: number;
  height: number;
}

export function svgToPng(svg: string, scale = PNG_SCALE): Png {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { fontFiles: fontPaths(), loadSystemFonts: false, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter', monospaceFamily: 'JetBrains Mono' },
    shapeRendering: 2,
    textRendering: 1,
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
