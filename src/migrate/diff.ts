/**
 * Line diffs of one file by the `diff` package: unified diffs (`git apply` format, three lines of
 * context) for `migrate --dry-run`, and change blocks for the side-by-side picture.
 */
import { createTwoFilesPatch, diffLines, FILE_HEADERS_ONLY } from 'diff';

/** The unified diff of one file, or '' when the texts are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

export interface ChangedLine {
  /** 1-based line number on its side (before for removed, after for added). */
  no: number;
  /** The line without its terminator. */
  text: string;
}

/** A run of changed lines: what was removed and what took its place. */
export interface ChangeBlock {
  removed: ChangedLine[];
  added: ChangedLine[];
}

/** The changes between two texts as blocks of removed and added lines (no context), for side-by-side views. */
export function changeBlocks(before: string, after: string): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let oldNo = 0;
  let newNo = 0;
  let open: ChangeBlock | null = null;
  for (const part of diffLines(before, after)) {
    // Lines with their terminators kept, so a missing final newline still counts as a change.
    const lines = part.value.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    if (!part.added && !part.removed) {
      oldNo += lines.length;
      newNo += lines.length;
      open = null;
      continue;
    }
    if (!open) {
      open = { removed: [], added: [] };
      blocks.push(open);
    }
    for (const line of lines) {
      const text = line.replace(/\n$/, '');
      if (part.removed) open.removed.push({ no: ++oldNo, text });
      else open.added.push({ no: ++newNo, text });
    }
  }
  return blocks;
}
