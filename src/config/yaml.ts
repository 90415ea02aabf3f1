/**
 * Reads a YAML file and validates it with a zod schema. Every problem is reported at once,
 * as `file:line:col: path: message`, and is fatal (Changesets' habit).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Composer, Lexer, LineCounter, Parser, isMap, isNode, parseDocument, type CST, type Document } from 'yaml';
import type { z } from 'zod';

export type ErrorFactory = (message: string, options?: ErrorOptions) => Error;

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || rel === '' ? file : rel;
}

export function readYamlText(file: string, fail: ErrorFactory): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(e)})`;
    throw fail(`${displayPath(file)}: ${why}`, { cause: e });
  }
}

/**
 * Flattens every string in `value` in place and returns it. The YAML composer builds a quoted or
 * folded scalar piece by piece, so V8 holds it as a tree of concatenations (~70 nodes, ~2 KB, for
 * a 100-character quoted prompt) until something reads the whole string; a 10,000-case suite
 * kept ~20 MB of such trees until the cases were hashed. Number() reads the string whole, which
 * makes V8 replace the tree by one flat string.
 */
function flattenStrings<T>(value: T): T {
  if (typeof value === 'string') Number(value);
  else if (Array.isArray(value)) for (const v of value as unknown[]) flattenStrings(v);
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) flattenStrings(v);
  return value;
}

/** Parse YAML text; syntax errors become `file:line:col: message`. */
export function parseYaml(file: string, fail: ErrorFactory, text = readYamlText(file, fail)): { doc: Document; lines: LineCounter; data: unknown } {
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
  return { doc, lines, data: flattenStrings(doc.toJS() as unknown) };
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

/** A mapping whose one long block sequence was composed item by item (parseLongSequence). */
export interface LeanMapping {
  /** The whole file as toJS() gives it (keys of the mapping in any order). */
  data: Record<string, unknown>;
  /** Per item of the sequence: where its node starts, and where its `itemKey` value does (1-based). */
  items: Array<{ at: { line: number; col: number }; key: { line: number; col: number } | null }>;
}

/** The block sequence under `key` of the top-level mapping, while the parser is inside it (its stack). */
function openSequence(stack: readonly CST.Token[], key: string): CST.BlockSequence | null {
  const [doc, map, seq] = stack;
  if (doc?.type !== 'document' || map?.type !== 'block-map' || seq?.type !== 'block-seq') return null;
  const owner = map.items.at(-1)?.key;
  return owner?.type === 'scalar' && owner.source === key ? seq : null;
}

/**
 * Parses a YAML file whose top level is a mapping holding one long block sequence under `key`
 * (a suite file's `cases`) without ever holding the syntax tree of the whole file: the parser is
 * fed token by token, and each item of the sequence is composed, converted and dropped as soon as
 * the parser can no longer touch it (it reaches back at most one item, for a trailing comment).
 * A 10,000-case suite otherwise holds its whole syntax tree (~23 MB of heap for a 1.2 MB file)
 * and, parsed whole, its Document too. Same lexer, parser, composer and options: the data are
 * what parseYaml gives.
 *
 * Returns null for anything but that plain shape — more than one document, directives, any
 * error, an alias reaching across items, no block sequence under `key` — and the caller parses
 * the file whole (parseYaml), which also locates every problem.
 */
export function parseLongSequence(text: string, key: string, itemKey: string): LeanMapping | null {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  /** The node as data; null when it cannot stand alone (an alias to an anchor elsewhere). */
  const toJS = (d: Document.Parsed): unknown => {
    try {
      return flattenStrings(d.toJS() as unknown);
    } catch {
      return undefined;
    }
  };
  const compose = (value: CST.Token, offset: number): Document.Parsed | null => {
    const docs = [...new Composer({ prettyErrors: false, uniqueKeys: true }).compose([{ type: 'document', offset, start: [], value }], true, text.length)];
    const d = docs[0];
    return docs.length === 1 && d !== undefined && d.errors.length === 0 ? d : null;
  };
  const values: unknown[] = [];
  const items: LeanMapping['items'] = [];
  /** The sequence as the parser builds it; items before `composed` are converted and dropped. */
  let seq: CST.BlockSequence | null = null;
  let composed = 0;
  /** Converts items [composed, upTo) and lets go of their syntax trees; false if one cannot stand alone. */
  const composeItems = (upTo: number): boolean => {
    for (; seq !== null && composed < upTo; composed++) {
      const item = seq.items[composed];
      // An item with an anchor or tag before its value, or no value: the whole-file parse handles it.
      if (item?.value === undefined || item.start.some((t) => t.type !== 'seq-item-ind' && t.type !== 'space' && t.type !== 'newline' && t.type !== 'comment')) return false;
      const d = compose(item.value, item.value.offset);
      if (d === null) return false;
      const node = d.contents;
      const keyNode = isMap(node) ? node.get(itemKey, true) : undefined;
      items.push({
        at: lines.linePos(node?.range ? node.range[0] : item.value.offset),
        key: isNode(keyNode) && keyNode.range ? lines.linePos(keyNode.range[0]) : null,
      });
      const value = toJS(d);
      if (value === undefined) return false;
      values.push(value);
      seq.items[composed] = { start: [] };
    }
    return true;
  };
  let doc: CST.Document | null = null;
  /** Takes a finished top-level token; false for anything but one document and blank space. */
  const take = (token: CST.Token): boolean => {
    if (token.type === 'document' && doc === null) doc = token;
    else if (token.type !== 'comment' && token.type !== 'space' && token.type !== 'newline' && token.type !== 'byte-order-mark') return false;
    return true;
  };
  // What Parser.parse does, a token at a time, so that finished items can go while it runs.
  lines.addNewLine(0);
  for (const lexeme of new Lexer().lex(text, false)) {
    for (const token of parser.next(lexeme)) if (!take(token)) return null;
    seq ??= openSequence(parser.stack, key);
    // The parser may still change the last two items (a comment can join the previous one).
    if (seq !== null && seq.items.length - 2 > composed && !composeItems(seq.items.length - 2)) return null;
  }
  for (const token of parser.end()) if (!take(token)) return null;
  const top = (doc as CST.Document | null)?.value;
  if (doc === null || top?.type !== 'block-map') return null;
  const map = top;
  const at = map.items.findIndex((it) => it.key?.type === 'scalar' && it.key.source === key && it.value?.type === 'block-seq');
  const found = map.items[at]?.value;
  if (found?.type !== 'block-seq') return null;
  // The sequence composed while parsing must be the one found; else only the final tree counts.
  if (found !== seq) {
    if (composed > 0) return null;
    seq = found;
  }
  if (!composeItems(found.items.length)) return null;
  // Everything but the sequence, as one small document.
  const rest = compose({ ...map, items: map.items.filter((_, i) => i !== at) }, (doc as CST.Document).offset);
  const data = rest === null ? undefined : toJS(rest);
  if (rest === null || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  return { data: { ...data, [key]: values }, items };
}
