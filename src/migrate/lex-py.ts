/**
 * A small lexer for Python: comments, and string literals with their prefixes (r, b, u, f and
 * combinations) in single, double and triple quotes. f-strings count as strings whose value is
 * not their raw text, so they are never rewritten as a whole.
 */
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

export function lexPy(text: string): LexResult {
  const inner: Segment[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      inner.push({ kind: 'comment', start: i, end: stop, exact: false });
      i = stop;
      continue;
    }
    if (c !== '"' && c !== "'") {
      i++;
      continue;
    }
    // The prefix letters directly before the quote (and not part of a longer identifier).
    let p = i;
    while (p > 0 && /[rRbBuUfF]/.test(text[p - 1] ?? '')) p--;
    const prefix = p > 0 && /[\w]/.test(text[p - 1] ?? '') ? '' : text.slice(p, i).toLowerCase();
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f');
    const triple = text.startsWith(c.repeat(3), i);
    const quote = triple ? c.repeat(3) : c;
    const start = i + quote.length;
    let j = start;
    let escaped = false;
    while (j < n && !text.startsWith(quote, j)) {
      if (!triple && text[j] === '\n') return { kind: 'error', reason: `unterminated string at offset ${i}` };
      if (text[j] === '\\') {
        escaped = true;
        j++;
      }
      j++;
    }
    if (j >= n) return { kind: 'error', reason: `unterminated string at offset ${i}` };
    const exact = !formatted && !(escaped && !raw) && !triple;
    inner.push(stringSeg(start, j, exact));
    i = j + quote.length;
  }
  return { kind: 'ok', segments: fillCode(inner, n) };
}
