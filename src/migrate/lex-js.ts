/**
 * A small lexer for TypeScript, JavaScript and JSON: enough to tell code from comments and
 * string contents (including template literals and regex literals). Anything it cannot read
 * with certainty (an unterminated string, comment or template) is an error, and the file is
 * then left alone by migrate.
 */
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

const KEYWORDS_BEFORE_EXPR = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Whether a `/` at this point starts a regex literal rather than a division. */
function regexAllowed(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
  if (i < 0) return true;
  const c = text[i] ?? '';
  if (/[\w$]/.test(c)) {
    let j = i;
    while (j >= 0 && /[\w$]/.test(text[j] ?? '')) j--;
    return KEYWORDS_BEFORE_EXPR.has(text.slice(j + 1, i + 1));
  }
  return !/[)\]}]/.test(c);
}

export function lexJs(text: string): LexResult {
  const inner: Segment[] = [];
  // One entry per open `${`: how many `{` are open inside it.
  const braces: number[] = [];
  const n = text.length;
  let i = 0;
  const fail = (what: string, at: number): LexResult => ({ kind: 'error', reason: `${what} at offset ${at}` });

  /** Reads template text from i (just after ` or }); returns false when unterminated. */
  const readTemplate = (): boolean => {
    const start = i;
    let escaped = false;
    while (i < n) {
      const c = text[i];
      if (c === '\\') {
        escaped = true;
        i += 2;
        continue;
      }
      if (c === '`') {
        const exact = !escaped && text[start - 1] === '`';
        inner.push(stringSeg(start, i, exact));
        i++;
        return true;
      }
      if (c === '$' && text[i + 1] === '{') {
        inner.push(stringSeg(start, i, false));
        braces.push(0);
        i += 2;
        return true;
      }
      i++;
    }
    return false;
  };

  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      inner.push({ kind: 'comment', start: i, end: stop, exact: false });
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return fail('unterminated comment', i);
      inner.push({ kind: 'comment', start: i, end: end + 2, exact: false });
      i = end + 2;
    } else if (c === '"' || c === "'") {
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < n && text[j] !== c) {
        if (text[j] === '\n') return fail('unterminated string', i);
        if (text[j] === '\\') {
          escaped = true;
          j++;
        }
        j++;
      }
      if (j >= n) return fail('unterminated string', i);
      inner.push(stringSeg(start, j, !escaped));
      i = j + 1;
    } else if (c === '`') {
      i++;
      if (!readTemplate()) return fail('unterminated template literal', i);
    } else if (c === '{' && braces.length > 0) {
      braces[braces.length - 1] = (braces.at(-1) ?? 0) + 1;
      i++;
    } else if (c === '}' && braces.length > 0) {
      const open = braces.at(-1) ?? 0;
      i++;
      if (open === 0) {
        braces.pop();
        if (!readTemplate()) return fail('unterminated template literal', i);
      } else {
        braces[braces.length - 1] = open - 1;
      }
    } else if (c === '/' && regexAllowed(text, i)) {
      let j = i + 1;
      let inClass = false;
      while (j < n && (inClass || text[j] !== '/')) {
        if (text[j] === '\n') return fail('unterminated regular expression', i);
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      if (j >= n) return fail('unterminated regular expression', i);
      i = j + 1;
    } else {
      i++;
    }
  }
  if (braces.length > 0) return fail('unterminated template literal', n);
  return { kind: 'ok', segments: fillCode(inner, n) };
}
