/**
 * `inventory <dir>`: every place an application talks to its gateway — env variables, base
 * URLs, client constructions, model ids, fallback chains, retry and timeout settings — with
 * file:line, a snippet, and whether it still points at the old gateway.
 */
import { collectFiles, loadLexer, type SkippedFile, type SourceFile } from './files.ts';
import { isOldModelId, mentionsOldGateway, modelList, newModelId, OLD_ENV_RE, rewriteText, type MigrationRules } from './rules.ts';
import { maskSecrets } from './secrets.ts';
import { LineIndex, type Segment } from './segments.ts';

export type FindingKind = 'env-var' | 'base-url' | 'client' | 'model' | 'fallback-chain' | 'retry' | 'timeout';

export interface Finding {
  file: string;
  line: number;
  /** 1-based. */
  column: number;
  kind: FindingKind;
  /** What was found: the variable name, URL, model id, chain (`a, b`), setting name or client call. */
  value: string;
  /** True when this still refers to the old gateway (migrate changes it). */
  old: boolean;
  /** What migrate writes instead, when `old`. */
  replacement?: string;
  /** The source line, trimmed, with credentials masked. */
  snippet: string;
}

export interface Inventory {
  root: string;
  filesScanned: number;
  findings: Finding[];
  /** Files that could not be read as their type (reported, not guessed at). */
  skipped: SkippedFile[];
}

const CLIENT_RE = /\b(new\s+OpenAI|AsyncOpenAI|AzureOpenAI|OpenAI|createOpenAICompatible|createOpenAI|ChatOpenAI)\s*\(/g;
const SETTING_RE = /([A-Za-z_$][\w$]*)["']?\s*(?::|=(?![=>]))/g;
const URL_RE = /https?:\/\/[^\s'"`<>]+/g;
/** Base URLs of well-known gateways and providers (the old one is matched by OLD_URL_RE). */
const GATEWAY_HOST = /(?:phaseo\.app|openai\.com|openrouter\.ai|anthropic\.com)/;
const ORDER: readonly FindingKind[] = ['env-var', 'base-url', 'client', 'model', 'fallback-chain', 'retry', 'timeout'];

function settingKind(name: string): 'retry' | 'timeout' | null {
  if (/retr(?:y|ies)|attempts/i.test(name)) return 'retry';
  if (/timeout/i.test(name)) return 'timeout';
  return null;
}

function restOfLine(text: string, from: number): string {
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? text.length : end);
}

/** The index just past the `)` matching the `(` at `open`, reading only code segments. */
function closingParen(text: string, segments: readonly Segment[], open: number): number {
  let depth = 0;
  for (const s of segments) {
    if (s.end <= open || s.kind !== 'code') continue;
    for (let i = Math.max(s.start, open); i < s.end; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) return i + 1;
    }
  }
  return text.length;
}

export function scanFile(file: SourceFile, segments: readonly Segment[], rules: MigrationRules): Finding[] {
  const { text } = file;
  const lines = new LineIndex(text);
  const sourceLines = text.split('\n');
  const out: Finding[] = [];
  const add = (at: number, kind: FindingKind, value: string, old: boolean, replacement?: string) => {
    const { line, column } = lines.position(at);
    const snippet = maskSecrets((sourceLines[line - 1] ?? '').trim()).slice(0, 160);
    out.push({ file: file.path, line, column, kind, value, old, ...(old && replacement !== undefined ? { replacement } : {}), snippet });
  };
  // Consecutive model-id strings with only separators between them form a fallback chain.
  let chain: Array<{ at: number; id: string }> = [];
  const endChain = () => {
    if (chain.length >= 2) {
      const ids = chain.map((c) => c.id);
      add(chain[0]?.at ?? 0, 'fallback-chain', ids.join(', '), ids.some((id) => isOldModelId(id, rules)), ids.map((id) => newModelId(id, rules)).join(', '));
    }
    chain = [];
  };

  for (const seg of segments) {
    const body = text.slice(seg.start, seg.end);
    for (const m of body.matchAll(OLD_ENV_RE)) add(seg.start + m.index, 'env-var', m[0], true, rewriteText(m[0]));
    for (const m of body.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:)\]}]+$/, '');
      const old = mentionsOldGateway(url);
      if (old || (seg.kind === 'string' && (GATEWAY_HOST.test(url) || /\/v1\/?$/.test(url)))) add(seg.start + m.index, 'base-url', url, old, rewriteText(url));
    }
    if (seg.kind === 'string') {
      const ids = seg.exact ? modelList(body.trim(), rules) : null;
      if (ids !== null) {
        let from = 0;
        for (const id of ids) {
          from = body.indexOf(id, from);
          add(seg.start + from, 'model', id, isOldModelId(id, rules), newModelId(id, rules));
          from += id.length;
        }
        if (ids.length === 1 && ids[0] !== undefined) chain.push({ at: seg.start, id: ids[0] });
        else {
          endChain();
          if (ids.length >= 2) {
            chain = ids.map((id) => ({ at: seg.start, id }));
            endChain();
          }
        }
        continue;
      }
      endChain();
      const after = text.slice(seg.end, seg.end + 3);
      const kind = settingKind(body);
      if (kind !== null && /^["']?\s*:/.test(after) && /\d/.test(restOfLine(text, seg.end))) add(seg.start, kind, body, false);
      continue;
    }
    if (seg.kind === 'comment') continue;
    if (!/^[\s,\-"'`[\]()]*$/.test(body) || /[\])]/.test(body)) endChain();
    if (file.kind === 'js' || file.kind === 'py') {
      for (const m of body.matchAll(CLIENT_RE)) {
        const at = seg.start + m.index;
        const call = text.slice(at, closingParen(text, segments, at + m[0].length - 1));
        const old = mentionsOldGateway(call);
        add(at, 'client', `${(m[1] ?? '').replace(/\s+/g, ' ')}(…)`, old);
      }
    }
    for (const m of body.matchAll(SETTING_RE)) {
      const kind = settingKind(m[1] ?? '');
      const at = seg.start + m.index;
      const rest = restOfLine(text, at + m[0].length);
      if (kind !== null && /\d|env|environ/.test(rest)) add(at, kind, m[1] ?? '', false);
    }
  }
  endChain();
  return out;
}

function compare(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

export async function inventory(root: string, rules: MigrationRules): Promise<Inventory> {
  const { files, skipped } = await collectFiles(root);
  const findings: Finding[] = [];
  const unreadable: SkippedFile[] = [...skipped];
  const lexer = await loadLexer();
  try {
    for (const file of files) {
      const lexed = lexer.lex(file);
      if (lexed.kind === 'error') {
        unreadable.push({ path: file.path, reason: `cannot be read as ${file.kind}: ${lexed.reason}` });
        continue;
      }
      findings.push(...scanFile(file, lexed.segments, rules));
    }
  } finally {
    lexer.close();
  }
  findings.sort(compare);
  return { root, filesScanned: files.length, findings, skipped: unreadable };
}
