/**
 * Word-level diff for side-by-side views, by the similarity scorer's own tokenizer and token
 * diff (score/token-diff.ts), so what the report highlights is what the score compared.
 */
import { diffTokens, tokenise, type TokenOp } from '../score/token-diff.ts';

export type DiffOp = TokenOp;
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** The similarity scorer's tokenizer: words, whitespace runs and single punctuation marks. */
export const tokenizeWords = tokenise;

export function wordDiff(reference: string, candidate: string): DiffPart[] {
  if (reference === candidate) return reference ? [{ op: 'equal', text: reference }] : [];
  const a = tokenise(reference);
  const b = tokenise(candidate);
  const runs = diffTokens(a, b);
  // Past the encodable vocabulary (tens of thousands of distinct words), one replaced block.
  if (runs === null) return groupChanges([{ op: 'delete', text: reference }, { op: 'insert', text: candidate }]);
  const parts: DiffPart[] = [];
  let ia = 0;
  let ib = 0;
  for (const { op, count } of runs) {
    let text: string;
    if (op === 'insert') {
      text = b.slice(ib, ib + count).join('');
      ib += count;
    } else {
      text = a.slice(ia, ia + count).join('');
      ia += count;
      if (op === 'equal') ib += count;
    }
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
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
