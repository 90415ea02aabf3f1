/**
 * Reads a YAML file and validates it with a zod schema. Every problem is reported at once,
 * as `file:line:col: path: message`, and is fatal (Changesets' habit).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export type ErrorFactory = (message: string, options?: ErrorOptions) => Error;

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

function readText(file: string, fail: ErrorFactory): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`;
    throw fail(`${displayPath(file)}: ${why}`, { cause: e });
  }
}

/** Parse YAML text; syntax errors become `file:line:col: message`. */
export function parseYaml(file: string, fail: ErrorFactory): { doc: Document; lines: LineCounter; data: unknown } {
  const text = readText(file, fail);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const msgs = doc.errors.map((err) => {
      const pos = lines.linePos(err.pos[0]);
      const firstLine = err.message.split('\n')[0] ?? err.message;
      return `${displayPath(file)}:${pos.line}:${pos.col}: YAML syntax error: ${firstLine}`;
    });
    throw fail(msgs.join('\n'));
  }
  return { doc, lines, data: doc.toJS() as unknown };
}

/** 1-based line and column of the node at `path`, or of its nearest existing parent; null if none. */
export function position(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): { line: number; col: number } | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return null;
}

/** `file:line:col` of the node at `path`, or of its nearest existing parent. */
export function locate(file: string, doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): string {
  const pos = position(doc, lines, path);
  return pos ? `${displayPath(file)}:${pos.line}:${pos.col}` : displayPath(file);
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Validate `data` against `schema`; all issues, each with its location, in one fatal error. */
export function validateYaml<S extends z.ZodType>(
  file: string,
  parsed: { doc: Document; lines: LineCounter; data: unknown },
  schema: S,
  fail: ErrorFactory,
  basePath: ReadonlyArray<PropertyKey> = [],
): z.infer<S> {
  const result = schema.safeParse(parsed.data);
  if (result.success) return result.data;
  const msgs = result.error.issues.map((issue) => {
    const path = [...basePath, ...issue.path];
    let where = path;
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      where = [...path, issue.keys[0] ?? ''];
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${locate(file, parsed.doc, parsed.lines, where)}: ${formatPath(where)}: ${message}`;
  });
  throw fail(msgs.join('\n'));
}
