/**
 * The one tokenizer and token diff shared by the similarity score and the report's word diff.
 * Text is cut into words, whitespace runs and single punctuation marks; each distinct token
 * (or any string key, such as a whole sentence) becomes one BMP character and fast-diff runs on
 * those strings — diff-match-patch's "lines to chars" trick, at word level.
 */
import diff from 'fast-diff';

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

/** Words, whitespace runs and single punctuation marks, in order; joined they give the text back. */
export function tokenise(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** BMP code points outside the surrogates (so fast-diff never splits one): 0x100–0xd7ff, 0xe000–0xfffd. */
const LOW_FIRST = 0x100;
const LOW_SIZE = 0xd800 - LOW_FIRST;
const HIGH_FIRST = 0xe000;
/** How many distinct tokens one diff can tell apart. */
export const MAX_DISTINCT_TOKENS = LOW_SIZE + (0xfffe - HIGH_FIRST);

export type TokenOp = 'equal' | 'delete' | 'insert';
/** `count` consecutive tokens: equal in both, only in the first list, or only in the second. */
export interface TokenRun {
  op: TokenOp;
  count: number;
}

const OPS: Record<number, TokenOp> = { [diff.EQUAL]: 'equal', [diff.DELETE]: 'delete', [diff.INSERT]: 'insert' };

/**
 * A minimal diff of two token lists as runs, in order (deletions before insertions within a
 * change); null when the lists hold more than MAX_DISTINCT_TOKENS distinct tokens.
 */
export function diffTokens(a: readonly string[], b: readonly string[]): TokenRun[] | null {
  const codes = new Map<string, string>();
  const encode = (tokens: readonly string[]): string | null => {
    let out = '';
    for (const t of tokens) {
      let c = codes.get(t);
      if (c === undefined) {
        const i = codes.size;
        if (i >= MAX_DISTINCT_TOKENS) return null;
        c = String.fromCharCode(i < LOW_SIZE ? LOW_FIRST + i : HIGH_FIRST + i - LOW_SIZE);
        codes.set(t, c);
      }
      out += c;
    }
    return out;
  };
  const ea = encode(a);
  const eb = encode(b);
  if (ea === null || eb === null) return null;
  return diff(ea, eb).map(([op, chars]) => ({ op: OPS[op] ?? 'equal', count: chars.length }));
}

/** How many tokens a diff keeps equal. */
export function equalCount(runs: readonly TokenRun[]): number {
  let n = 0;
  for (const r of runs) if (r.op === 'equal') n += r.count;
  return n;
}
