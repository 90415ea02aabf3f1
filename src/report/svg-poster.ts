/**
 * A page as one SVG, for PNG rendering without a browser (src/report/png.ts): blocks stacked
 * top to bottom — wrapped text, coloured panels, rows of the same plots the HTML shows, simple
 * tables. Text widths are estimated from the shipped fonts' average advance (Inter ≈ 0.56 em,
 * JetBrains Mono exactly 0.6 em), erring wide so nothing runs off the page.
 */
import { escapeHtml as e } from './html-escape.ts';
import { MONO, SANS } from './svg.ts';

export interface TextStyle {
  size?: number;
  weight?: 400 | 600 | 700;
  color?: string;
  mono?: boolean;
}

const advance = (s: TextStyle): number => (s.size ?? 14) * (s.mono ? 0.6 : (s.weight ?? 400) >= 600 ? 0.6 : 0.56);

/** Greedy word wrap to `width` px; a word longer than a line is cut. */
export function wrapText(text: string, width: number, style: TextStyle): string[] {
  const perLine = Math.max(8, Math.floor(width / advance(style)));
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (word.length > perLine) {
        if (line) lines.push(line);
        lines.push(word.slice(0, perLine));
        word = word.slice(perLine);
        line = '';
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= perLine) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

export function textEl(x: number, y: number, text: string, s: TextStyle = {}, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  const weight = s.weight && s.weight !== 400 ? ` font-weight="${s.weight}"` : '';
  const a = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
  return `<text x="${x}" y="${y}" font-family="${s.mono ? MONO : SANS}" font-size="${s.size ?? 14}" fill="${s.color ?? '#1f2328'}"${weight}${a} xml:space="preserve">${e(text)}</text>`;
}

export interface PosterColumn {
  header: string;
  width: number;
  align?: 'start' | 'end';
  mono?: boolean;
}

export class SvgPoster {
  readonly parts: string[] = [];
  y: number;

  constructor(
    readonly width: number,
    readonly pad = 32,
  ) {
    this.y = pad;
  }

  get inner(): number {
    return this.width - 2 * this.pad;
  }

  gap(h: number): this {
    this.y += h;
    return this;
  }

  /** Wrapped text at the left margin (or at `indent`); returns the lines drawn. */
  text(text: string, style: TextStyle = {}, indent = 0): number {
    const size = style.size ?? 14;
    const lines = wrapText(text, this.inner - indent, style);
    for (const line of lines) {
      this.y += size * 1.45;
      this.parts.push(textEl(this.pad + indent, Math.round(this.y - size * 0.35), line, style));
    }
    return lines.length;
  }

  /** A rounded panel behind whatever `draw` adds (its height is known only afterwards). */
  panel(fill: string, stroke: string, draw: () => void, accent?: string): this {
    const top = this.y;
    const at = this.parts.length;
    this.y += 14;
    draw();
    this.y += 14;
    const h = this.y - top;
    const bar = accent ? `<rect x="${this.pad}" y="${top}" width="8" height="${h}" rx="4" fill="${accent}"/>` : '';
    this.parts.splice(at, 0, `<rect x="${this.pad}" y="${top}" width="${this.inner}" height="${h}" rx="12" fill="${fill}" stroke="${stroke}"/>${bar}`);
    return this;
  }

  /** SVG plots side by side, each scaled to one of `columns` equal shares of the width. */
  row(svgs: ReadonlyArray<{ svg: string; width: number; height: number; caption?: string }>, columns = svgs.length, gap = 16): this {
    const w = (this.inner - gap * (columns - 1)) / columns;
    let x = this.pad;
    let tallest = 0;
    const captionH = svgs.some((s) => s.caption) ? 26 : 0;
    for (const s of svgs) {
      const scale = w / s.width;
      this.parts.push(`<rect x="${x}" y="${this.y}" width="${Math.round(w)}" height="${Math.round(s.height * scale + captionH + 8)}" rx="10" fill="#fff" stroke="#d8dee4"/>`);
      if (s.caption) this.parts.push(textEl(Math.round(x + 12), this.y + 18, s.caption, { size: 13, weight: 600 }));
      this.parts.push(`<g transform="translate(${Math.round(x)} ${this.y + captionH}) scale(${scale.toFixed(4)})">${s.svg}</g>`);
      tallest = Math.max(tallest, s.height * scale + captionH + 8);
      x += w + gap;
    }
    this.y += Math.round(tallest);
    return this;
  }

  /** A table: a header row, then rows; a cell too wide for its column wraps onto more lines. */
  table(columns: readonly PosterColumn[], rows: ReadonlyArray<readonly string[]>, size = 13): this {
    const lineH = size * 1.5;
    const pad = size * 0.45;
    const total = columns.reduce((a, c) => a + c.width, 0);
    const draw = (cells: readonly string[], style: TextStyle): number => {
      const wrappedCells = columns.map((col, i) => {
        const s: TextStyle = { ...style, mono: style.mono ?? col.mono ?? false };
        return { s, lines: wrapText(cells[i] ?? '', col.width - 16, s) };
      });
      const height = Math.max(...wrappedCells.map((c) => c.lines.length)) * lineH + 2 * pad;
      let x = this.pad;
      wrappedCells.forEach(({ s, lines }, i) => {
        const col = columns[i] as PosterColumn;
        const end = col.align === 'end';
        lines.forEach((line, j) => this.parts.push(textEl(end ? x + col.width - 8 : x + 8, Math.round(this.y + pad + (j + 0.72) * lineH), line, s, end ? 'end' : 'start')));
        x += col.width;
      });
      return height;
    };
    const headAt = this.parts.length;
    const headH = draw(columns.map((c) => c.header), { size, weight: 600, color: '#59636e' });
    this.parts.splice(headAt, 0, `<rect x="${this.pad}" y="${this.y}" width="${total}" height="${headH}" fill="#f6f8fa"/>`);
    this.y += headH;
    for (const row of rows) {
      this.parts.push(`<line x1="${this.pad}" x2="${this.pad + total}" y1="${this.y}" y2="${this.y}" stroke="#d8dee4"/>`);
      this.y += draw(row, { size });
    }
    return this;
  }

  raw(svg: string): this {
    this.parts.push(svg);
    return this;
  }

  /** The finished document; `title` is its accessible name. */
  svg(title: string): string {
    const height = Math.ceil(this.y + this.pad);
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${height}" viewBox="0 0 ${this.width} ${height}" font-family="${SANS}"><title>${e(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${this.parts.join('')}</svg>`;
  }
}
