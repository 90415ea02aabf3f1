/**
 * `.env` files: `KEY=value` lines (optionally `export KEY=…`, values bare or quoted on one
 * line), comments and blank lines. A line of any other form (a multi-line quoted value, say)
 * means the file is not read with certainty, so it is an error.
 */
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

const LINE = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*)(.*?)\s*$/;

export function lexEnv(text: string): LexResult {
  const inner: Segment[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = (lines[k] ?? '').replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '') {
      // blank
    } else if (trimmed.startsWith('#')) {
      const at = line.indexOf('#');
      inner.push({ kind: 'comment', start: offset + at, end: offset + line.length, exact: false });
    } else {
      const m = LINE.exec(line);
      if (!m) return { kind: 'error', reason: `line ${k + 1} is not KEY=value` };
      const head = m[1] ?? '';
      let value = m[2] ?? '';
      let valueStart = offset + head.length;
      let exact = true;
      const q = value[0];
      if (q === '"' || q === "'") {
        if (value.length < 2 || !value.endsWith(q)) return { kind: 'error', reason: `line ${k + 1} has an unterminated quoted value` };
        value = value.slice(1, -1);
        valueStart++;
        exact = !value.includes('\\') && !value.includes('$');
      } else {
        // An inline comment ends a bare value.
        const hash = value.search(/\s#/);
        if (hash >= 0) {
          inner.push(stringSeg(valueStart, valueStart + hash, !value.includes('$')));
          inner.push({ kind: 'comment', start: valueStart + value.indexOf('#', hash), end: offset + line.length, exact: false });
          offset += (lines[k] ?? '').length + 1;
          continue;
        }
        exact = !value.includes('$');
      }
      if (value.length > 0) inner.push(stringSeg(valueStart, valueStart + value.length, exact));
    }
    offset += (lines[k] ?? '').length + 1;
  }
  return { kind: 'ok', segments: fillCode(inner, text.length) };
}
