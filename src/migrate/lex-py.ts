/**
 * Python through tree-sitter (`web-tree-sitter` with the grammar's wasm from the
 * `tree-sitter-python` package, loaded from node_modules): comments and the text parts of
 * string literals become segments. f-strings (3.12 nesting included) are read as their text
 * parts, which are never exact, and their `{…}` fields as code holding further strings. A file
 * with a syntax error is an error, and migrate leaves it alone.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

/** A Python parser; `delete()` frees its wasm memory. */
export async function loadPythonParser(): Promise<Parser> {
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  return parser;
}

function firstProblem(root: Node): Node | null {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.isError || node.isMissing) return node;
    if (!node.hasError) continue;
    const children = node.children.filter((c): c is Node => c !== null);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Node);
  }
  return null;
}

/** A string node's text parts; its interpolations go back on the stack as code. */
function stringParts(node: Node, out: Segment[], stack: Node[]): void {
  const children = node.children.filter((c): c is Node => c !== null);
  const start = children.find((c) => c.type === 'string_start')?.text ?? '"';
  const prefix = start.replace(/["']+$/, '').toLowerCase();
  const triple = start.endsWith('"""') || start.endsWith("'''");
  const formatted = prefix.includes('f') || prefix.includes('t');
  const raw = prefix.includes('r');
  const contents = children.filter((c) => c.type === 'string_content');
  const interpolated = children.some((c) => c.type === 'interpolation');
  for (const c of children) {
    if (c.type === 'interpolation') stack.push(c);
    else if (c.type === 'string_content') {
      const escaped = !raw && c.children.some((e) => e?.type === 'escape_sequence');
      const exact = !formatted && !triple && !interpolated && !escaped && contents.length === 1;
      out.push(stringSeg(c.startIndex, c.endIndex, exact));
    }
  }
}

export function lexPy(parser: Parser, text: string): LexResult {
  const tree = parser.parse(text);
  if (!tree) return { kind: 'error', reason: 'the Python parser gave no tree' };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const at = firstProblem(root)?.startPosition;
      return { kind: 'error', reason: at ? `syntax error at line ${at.row + 1}, column ${at.column + 1}` : 'syntax error' };
    }
    const inner: Segment[] = [];
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) break;
      if (node.type === 'comment') inner.push({ kind: 'comment', start: node.startIndex, end: node.endIndex, exact: false });
      else if (node.type === 'string') stringParts(node, inner, stack);
      else for (const c of node.children) if (c) stack.push(c);
    }
    inner.sort((a, b) => a.start - b.start);
    return { kind: 'ok', segments: fillCode(inner, text.length) };
  } finally {
    tree.delete();
  }
}
