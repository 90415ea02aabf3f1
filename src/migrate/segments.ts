/**
 * A source file cut into segments: code, comments and string contents, each with its offsets.
 * Inventory (what to report) and migrate (what to rewrite) both work on these segments, so
 * whatever the inventory reports as old, migrate can rewrite — or it names the file as skipped.
 */

export type SegmentKind = 'code' | 'comment' | 'string';

export interface Segment {
  kind: SegmentKind;
  /** Offsets into the file text; for strings, the contents between the quotes. */
  start: number;
  end: number;
  /**
   * Strings only: the raw text is exactly the value (no escapes, no interpolation, one piece),
   * so a whole-value rewrite (a model id) is safe.
   */
  exact: boolean;
}

export type FileKind = 'js' | 'py' | 'env' | 'yaml' | 'json';

export type LexResult = { kind: 'ok'; segments: Segment[] } | { kind: 'error'; reason: string };

export function stringSeg(start: number, end: number, exact: boolean): Segment {
  return { kind: 'string', start, end, exact };
}

/** Fill the gaps between `inner` (sorted, non-overlapping) with code segments covering [0, length). */
export function fillCode(inner: readonly Segment[], length: number): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of inner) {
    if (s.start > at) out.push({ kind: 'code', start: at, end: s.start, exact: false });
    out.push(s);
    at = s.end;
  }
  if (at < length) out.push({ kind: 'code', start: at, end: length, exact: false });
  return out;
}

/** 1-based line and column of offsets. */
export class LineIndex {
  readonly #starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.#starts[lo] ?? 0) + 1 };
  }
}
