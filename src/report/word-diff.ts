/**
 * Word-level diff for side-by-side views: tokens (words, whitespace runs, single punctuation)
 * are encoded as one character each, diffed with fast-diff, and decoded back — the same idea
 * as the similarity scorer, so what the report highlights is what the score counted.
 */
import diff from 'fast-diff';
import { tokenise } from '../score/similarity.ts';

export type DiffOp = 'equal' | 'delete' | 'insert';
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** Encoded tokens stay in the BMP (outside surrogates) so fast-diff never splits one. */
const CODE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x100, 0xd7ff],
  [0xe000, 0xfffd],
];
const MAX_DISTINCT = CODE_RANGES.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);

/** The similarity scorer's tokeniser: words, whitespace runs and single punctuation marks. */
export function tokenizeWords(text: string): string[] {
  return tokenise(text);
}

function codeAt(index: number): string {
  let i = index;
  for (const [lo, hi] of CODE_RANGES) {
    const size = hi - lo + 1;
    if (i < size) return String.fromCharCode(lo + i);
    i -= size;
  }
  throw new RangeError('token index out of range');
}

export function wordDiff(reference: string, candidate: string): DiffPart[] {
  if (reference === candidate) return reference ? [{ op: 'equal', text: reference }] : [];
  const codes = new Map<string, string>();
  const tokens: string[] = [];
  const encode = (text: string): string => {
    let out = '';
    let words = tokenizeWords(text);
    // Past the encodable vocabulary the rest of the text becomes one opaque token.
    if (codes.size + words.length > MAX_DISTINCT) {
      const keep = Math.max(0, MAX_DISTINCT - codes.size - 1);
      words = [...words.slice(0, keep), words.slice(keep).join('')];
    }
    for (const word of words) {
      let code = codes.get(word);
      if (code === undefined) {
        code = codeAt(tokens.length);
        codes.set(word, code);
        tokens.push(word);
      }
      out += code;
    }
    return out;
  };
  const a = encode(reference);
  const b = encode(candidate);
  const decode = (encoded: string): string => {
    let out = '';
    for (const ch of encoded) out += tokens[codeIndex(ch.charCodeAt(0))] ?? '';
    return out;
  };
  const parts: DiffPart[] = [];
  for (const [op, text] of diff(a, b)) {
    const kind: DiffOp = op === diff.EQUAL ? 'equal' : op === diff.DELETE ? 'delete' : 'insert';
    const decoded = decode(text);
    const last = parts[parts.length - 1];
    if (last && last.op === kind) last.text += decoded;
    else parts.push({ op: kind, text: decoded });
  }
  return groupChanges(parts);
}

/**
 * "should publish" → "ought to publish" reads better as one replaced phrase than as words
 * alternating with unchanged spaces: whitespace between two changes joins the change, and
 * each run of changes becomes one deletion followed by one insertion.
 */
function groupChanges(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  parts.forEach((part, i) => {
    const inChange = del !== '' || ins !== '';
    const next = parts[i + 1];
    if (part.op === 'delete') del += part.text;
    else if (part.op === 'insert') ins += part.text;
    else if (inChange && next && next.op !== 'equal' && /^\s+$/.test(part.text)) {
      del += part.text;
      ins += part.text;
    } else {
      flush();
      out.push(part);
    }
  });
  flush();
  return out;
}

function codeIndex(code: number): number {
  let offset = 0;
  for (const [lo, hi] of CODE_RANGES) {
    if (code >= lo && code <= hi) return offset + code - lo;
    offset += hi - lo + 1;
  }
  return -1;
}
