/**
 * Unified diffs (`git apply` format) from before/after texts: a line diff by fast-diff over
 * lines encoded as single characters, then hunks with three lines of context.
 */
import fastDiff from 'fast-diff';

const CONTEXT = 3;
/** Private-use and later BMP code points: one UTF-16 unit each, never surrogates. */
const FIRST_CODE = 0xe000;
const MAX_DISTINCT_LINES = 0xffff - FIRST_CODE;

type Op = { kind: ' ' | '-' | '+'; text: string };

/** Lines with their terminators kept, so a missing final newline is visible. */
function splitLines(text: string): string[] {
  return text.length === 0 ? [] : text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lineOps(a: string, b: string): Op[] | null {
  const codes = new Map<string, string>();
  const encode = (lines: string[]): string | null => {
    let out = '';
    for (const l of lines) {
      let c = codes.get(l);
      if (c === undefined) {
        if (codes.size >= MAX_DISTINCT_LINES) return null;
        c = String.fromCharCode(FIRST_CODE + codes.size);
        codes.set(l, c);
      }
      out += c;
    }
    return out;
  };
  const la = splitLines(a);
  const lb = splitLines(b);
  const ea = encode(la);
  const eb = encode(lb);
  if (ea === null || eb === null) return null;
  const byCode = new Map([...codes].map(([l, c]) => [c, l]));
  const ops: Op[] = [];
  for (const [kind, chars] of fastDiff(ea, eb)) {
    const k = kind === 0 ? ' ' : kind === -1 ? '-' : '+';
    for (const ch of chars) ops.push({ kind: k, text: byCode.get(ch) ?? '' });
  }
  return ops;
}

function renderLine(op: Op): string {
  return op.text.endsWith('\n') ? `${op.kind}${op.text}` : `${op.kind}${op.text}\n\\ No newline at end of file\n`;
}

/** The unified diff of one file, or '' when the texts are equal. Throws only on absurd inputs. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = lineOps(before, after);
  if (ops === null) throw new Error(`${path}: too many distinct lines to diff`);
  // Positions of changed ops, grouped into hunks whose context windows touch.
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const hunks: Array<[number, number]> = [];
  for (const i of changed) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length, i + CONTEXT + 1);
    const last = hunks.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  let out = `--- a/${path}\n+++ b/${path}\n`;
  for (const [from, to] of hunks) {
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < from; i++) {
      if (ops[i]?.kind !== '+') oldStart++;
      if (ops[i]?.kind !== '-') newStart++;
    }
    const body = ops.slice(from, to);
    const oldLen = body.filter((o) => o.kind !== '+').length;
    const newLen = body.filter((o) => o.kind !== '-').length;
    // An empty side is numbered by the line before it (diff(1) convention).
    out += `@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@\n`;
    out += body.map(renderLine).join('');
  }
  return out;
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
  const ops = lineOps(before, after);
  if (ops === null) throw new Error('too many distinct lines to diff');
  const blocks: ChangeBlock[] = [];
  let oldNo = 0;
  let newNo = 0;
  let open: ChangeBlock | null = null;
  for (const op of ops) {
    const text = op.text.replace(/\n$/, '');
    if (op.kind === ' ') {
      oldNo++;
      newNo++;
      open = null;
      continue;
    }
    if (!open) {
      open = { removed: [], added: [] };
      blocks.push(open);
    }
    if (op.kind === '-') open.removed.push({ no: ++oldNo, text });
    else open.added.push({ no: ++newNo, text });
  }
  return blocks;
}
