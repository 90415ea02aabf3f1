/** A PNG as a test sees it: decoded size and how much its pixels vary (a blank image does not). */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export interface PngCheck {
  width: number;
  height: number;
  /** Standard deviation of luminance, 0–255: 0 for a blank image. */
  luminanceStd: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Text chunks (tEXt, zTXt, iTXt) as raw latin1: the PNG's text layer. */
  textChunks: string[];
}

function textChunks(buf: Buffer): string[] {
  const out: string[] = [];
  for (let at = 8; at + 8 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') out.push(buf.toString('latin1', at + 8, at + 8 + length));
    at += 12 + length;
  }
  return out;
}

export function checkPng(file: string): PngCheck {
  const buf = readFileSync(file);
  const png = PNG.sync.read(buf);
  let sum = 0;
  let sumSq = 0;
  let inked = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = [png.data[i * 4] ?? 0, png.data[i * 4 + 1] ?? 0, png.data[i * 4 + 2] ?? 0];
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sumSq += y * y;
    if (y < 240) inked++;
  }
  const mean = sum / n;
  return { width: png.width, height: png.height, luminanceStd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), inked: inked / n, textChunks: textChunks(buf) };
}
