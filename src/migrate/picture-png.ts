/**
 * migration.png: the migration picture drawn as one SVG and rendered by resvg (no browser), for
 * the migration guide's `01-env-migration.png`. Same content as migration.html.
 */
import { svgToPng, type Png } from '../report/png.ts';
import { SvgPoster, textEl } from '../report/svg-poster.ts';
import { groupCounts, type FileGroup, type MigrationPicture, type PictureLine } from './picture.ts';
import { headline, REMOVE_OLD_CONFIG, subline } from './picture-text.ts';

export const MIGRATION_PNG_WIDTH = 1200;

const GROUP_TITLES: Record<FileGroup, string> = { environment: 'Environment files — variable names only, values never shown', configuration: 'Configuration files', code: 'Code' };
const LINE_H = 20;
const MONO_SIZE = 13;
const SIDE_COLORS = { removed: { bg: '#ffebe9', ink: '#82071e' }, added: { bg: '#dafbe1', ink: '#055d20' } } as const;

/** A side's lines wrapped to its column (mono, so the width is exact): [line, visual rows]. */
function wrapped(ls: readonly PictureLine[], width: number): Array<{ line: PictureLine; rows: string[] }> {
  return ls.map((line) => {
    const room = Math.max(8, Math.floor((width - 48 - (line.note ? line.note.length * 6.2 + 12 : 0)) / (MONO_SIZE * 0.6)));
    const rows: string[] = [];
    for (let at = 0; at < line.text.length || rows.length === 0; at += room) rows.push(line.text.slice(at, at + room));
    return { line, rows };
  });
}

/** One side of a block: numbered mono lines on a tinted background; returns the rows drawn. */
function side(p: SvgPoster, x: number, width: number, ls: readonly PictureLine[], kind: 'removed' | 'added', top: number): number {
  const c = SIDE_COLORS[kind];
  let row = 0;
  for (const { line, rows } of wrapped(ls, width)) {
    const y = top + row * LINE_H;
    p.raw(`<rect x="${x}" y="${y}" width="${width}" height="${rows.length * LINE_H}" fill="${c.bg}"/>`);
    p.raw(textEl(x + 30, y + 14, String(line.no), { size: 11, color: '#59636e', mono: true }, 'end'));
    rows.forEach((text, i) => p.raw(textEl(x + 38, y + 14 + i * LINE_H, text, { size: MONO_SIZE, color: c.ink, mono: true })));
    if (line.note) p.raw(textEl(x + width - 8, y + 14, line.note, { size: 11, color: '#59636e' }, 'end'));
    row += rows.length;
  }
  return row;
}

export function migrationSvg(pic: MigrationPicture, meta: { version: string }): string {
  const p = new SvgPoster(MIGRATION_PNG_WIDTH);
  p.text(`cutover ${meta.version} · migrate · ${pic.root} · ${pic.wrote ? 'written' : 'dry run: nothing written'}`, { size: 13, color: '#59636e' });
  p.gap(10);
  const ink = pic.leftAlone.length ? '#9a6700' : '#1a7f37';
  p.panel(pic.leftAlone.length ? '#fff8c5' : '#dafbe1', ink, () => {
    p.gap(30);
    const word = headline(pic);
    p.raw(textEl(p.pad + 26, p.y, word, { size: 28, weight: 700, color: ink }));
    p.raw(textEl(p.pad + 26 + word.length * 20 + 16, p.y, subline(pic), { size: 16, weight: 600 }));
    for (const s of pic.leftAlone) p.text(`• left alone: ${s.path}: ${s.reason}`, { size: 14 }, 26);
  }, ink);
  p.gap(18);
  p.text('Variables', { size: 17, weight: 700 });
  p.gap(6);
  if (pic.variables.length === 0) p.text('No LLM_GATEWAY_* variable is used.', { size: 14, color: '#59636e' });
  else {
    p.table(
      [
        { header: 'variable', width: 230, mono: true },
        { header: 'becomes', width: 210, mono: true },
        { header: 'set in', width: 170, mono: true },
        { header: 'read in', width: 390, mono: true },
        { header: '', width: 136 },
      ],
      pic.variables.map((v) => [v.name, v.becomes, v.setIn.join(' ') || '–', v.readIn.join(' ') || '–', v.byHand.length ? `by hand: ${v.byHand.length}` : 'renamed']),
    );
  }
  const counts = groupCounts(pic);
  for (const group of ['environment', 'configuration', 'code'] as const) {
    if (counts[group] === 0) continue;
    p.gap(20);
    p.text(GROUP_TITLES[group], { size: 17, weight: 700 });
    for (const f of pic.files.filter((x) => x.group === group)) {
      p.gap(8);
      p.text(f.path, { size: 14, weight: 600, mono: true });
      p.gap(4);
      const half = (p.inner - 12) / 2;
      p.raw(textEl(p.pad, p.y + 12, 'BEFORE', { size: 10, color: '#59636e', weight: 600 }));
      p.raw(textEl(p.pad + half + 12, p.y + 12, 'AFTER', { size: 10, color: '#59636e', weight: 600 }));
      p.gap(18);
      for (const b of f.blocks) {
        const rows = Math.max(side(p, p.pad, half, b.removed, 'removed', p.y), side(p, p.pad + half + 12, half, b.added, 'added', p.y), 1);
        p.gap(rows * LINE_H + 6);
      }
    }
  }
  p.gap(20);
  p.text('Remove old config', { size: 17, weight: 700 });
  p.text(REMOVE_OLD_CONFIG.replace(/`/g, ''), { size: 14 });
  return p.svg(`cutover migrate ${pic.root}`);
}

export function renderMigrationPng(pic: MigrationPicture, meta: { version: string }): Png {
  return svgToPng(migrationSvg(pic, meta));
}
