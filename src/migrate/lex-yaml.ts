/**
 * YAML through the `yaml` parser: every string scalar (keys included) is a string segment;
 * the rest (indentation, punctuation, comments, numbers) is code. A file with syntax errors
 * is an error, so migrate leaves it alone.
 */
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

export function lexYaml(text: string): LexResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { kind: 'error', reason: 'not a YAML stream' };
  const inner: Segment[] = [];
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) return { kind: 'error', reason: `YAML syntax error: ${first.message.split('\n')[0] ?? ''}` };
    visit(doc, {
      Scalar(_key, node) {
        if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
        const [start, end] = node.range;
        const raw = text.slice(start, end);
        if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
          inner.push(stringSeg(start + 1, end - 1, raw.slice(1, -1) === node.value));
        } else if (node.type === 'PLAIN') {
          inner.push(stringSeg(start, end, raw === node.value));
        } else {
          // Block scalars (| and >): their text is payload; only substrings are ever rewritten.
          inner.push(stringSeg(start, end, false));
        }
      },
    });
  }
  inner.sort((a, b) => a.start - b.start);
  return { kind: 'ok', segments: fillCode(inner, text.length) };
}

/** The data of a YAML stream (one value per document), for checking a rewrite. */
export function yamlData(text: string): unknown[] {
  return parseAllDocuments(text as string).map((d) => d.toJS() as unknown);
}
