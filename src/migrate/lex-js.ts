/**
 * JavaScript, TypeScript (with JSX where the extension allows it) and JSON through
 * `@babel/parser`: comments, string literals, template-literal text and JSX text become
 * segments; everything else (regex literals included) is code. A file that does not parse is
 * an error, and migrate leaves it alone.
 */
import { parse, parseExpression, type ParserOptions, type ParserPlugin } from '@babel/parser';
import { fillCode, stringSeg, type LexResult, type Segment } from './segments.ts';

export interface JsDialect {
  typescript: boolean;
  jsx: boolean;
  /** JSON (and JSON with comments): one expression, not a program. */
  json: boolean;
}

/** The dialect a file's extension implies (`.ts`/`.mts`/`.cts` never take JSX: `<T>x` is a cast there). */
export function jsDialect(path: string): JsDialect {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  if (ext === 'json') return { typescript: false, jsx: false, json: true };
  const typescript = ext.includes('t');
  return { typescript, jsx: !typescript || ext === 'tsx', json: false };
}

/** Legacy decorators first (TypeScript's experimentalDecorators: parameter decorators), then the standard ones. */
const DECORATORS: readonly ParserPlugin[] = ['decorators-legacy', ['decorators', { allowCallParenthesized: true }]];

/** Node properties that are positions or metadata, not child nodes. */
const SKIP_KEYS = new Set(['type', 'start', 'end', 'loc', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'errors', 'tokens']);

interface BabelNode {
  type: string;
  start?: number | null;
  end?: number | null;
  value?: unknown;
  quasis?: BabelNode[];
}

function isNode(value: unknown): value is BabelNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** String-like nodes as segments, in any order (the caller sorts). */
function collect(root: BabelNode, text: string): Segment[] {
  const out: Segment[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      stack.push(...(item as unknown[]));
      continue;
    }
    if (!isNode(item)) continue;
    const start = item.start ?? 0;
    const end = item.end ?? 0;
    switch (item.type) {
      case 'StringLiteral':
      case 'DirectiveLiteral':
        out.push(stringSeg(start + 1, end - 1, text.slice(start + 1, end - 1) === item.value));
        continue;
      case 'TemplateLiteral': {
        // Only a template without `${}` is one exact value; its parts are rewritten as text.
        const whole = (item.quasis ?? []).length === 1;
        for (const q of item.quasis ?? []) {
          const cooked = (q.value as { cooked?: string | null } | undefined)?.cooked;
          out.push(stringSeg(q.start ?? 0, q.end ?? 0, whole && text.slice(q.start ?? 0, q.end ?? 0) === cooked));
        }
        break;
      }
      case 'JSXText':
        // Text a person reads; never a whole value to swap, but URLs and env names in it count.
        if (end > start) out.push(stringSeg(start, end, false));
        continue;
    }
    for (const [key, child] of Object.entries(item)) {
      if (!SKIP_KEYS.has(key) && typeof child === 'object' && child !== null && !(item.type === 'TemplateLiteral' && key === 'quasis')) stack.push(child);
    }
  }
  return out;
}

interface Parsed {
  root: BabelNode;
  comments: ReadonlyArray<{ type: string; start?: number | null; end?: number | null }>;
}

function parseOnce(text: string, dialect: JsDialect, decorators: ParserPlugin): Parsed {
  const plugins: ParserPlugin[] = [];
  if (dialect.typescript) plugins.push('typescript');
  if (dialect.jsx) plugins.push('jsx');
  plugins.push(decorators);
  const options: ParserOptions = {
    sourceType: 'unambiguous',
    plugins,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowSuperOutsideMethod: true,
    allowUndeclaredExports: true,
    attachComment: false,
  };
  if (dialect.json) {
    const expr = parseExpression(text, { ...options, plugins: [] }) as unknown as BabelNode & { comments?: Parsed['comments'] };
    return { root: expr, comments: expr.comments ?? [] };
  }
  const file = parse(text, options);
  return { root: file.program as unknown as BabelNode, comments: file.comments ?? [] };
}

function syntaxError(error: unknown): string {
  if (error instanceof SyntaxError) {
    const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc;
    const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
    return loc ? `syntax error at line ${loc.line}, column ${loc.column + 1}: ${message}` : `syntax error: ${message}`;
  }
  throw error;
}

export function lexJs(text: string, dialect: JsDialect): LexResult {
  let firstError: unknown;
  for (const decorators of DECORATORS) {
    let parsed: Parsed;
    try {
      parsed = parseOnce(text, dialect, decorators);
    } catch (error) {
      firstError ??= error;
      continue;
    }
    const inner = collect(parsed.root, text);
    for (const c of parsed.comments) inner.push({ kind: 'comment', start: c.start ?? 0, end: c.end ?? 0, exact: false });
    inner.sort((a, b) => a.start - b.start);
    return { kind: 'ok', segments: fillCode(inner, text.length) };
  }
  return { kind: 'error', reason: syntaxError(firstError) };
}
