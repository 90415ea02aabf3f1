/**
 * Rewrites one file for the new gateway — env names, base URLs, model ids — segment by
 * segment, then checks the result: it must lex the same way, structured files (JSON, YAML)
 * must parse to exactly the expected data, and no credential may be in it. Any doubt leaves
 * the file untouched, with a reason.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Lexer, SourceFile } from './files.ts';
import { yamlData } from './lex-yaml.ts';
import { rewriteData, rewriteText, rewriteValue, type MigrationRules } from './rules.ts';
import { holdsSecret } from './secrets.ts';
import type { Segment } from './segments.ts';

export type RewriteOutcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; text: string }
  | { kind: 'skipped'; reason: string };

function rewriteSegments(text: string, segments: readonly Segment[], rules: MigrationRules): string {
  return segments
    .map((s) => {
      const body = text.slice(s.start, s.end);
      return s.kind === 'string' && s.exact ? rewriteValue(body, rules) : rewriteText(body);
    })
    .join('');
}

function sameShape(a: readonly Segment[], b: readonly Segment[]): boolean {
  return a.length === b.length && a.every((s, i) => s.kind === b[i]?.kind);
}

/** Parsed data of a structured file, or a reason it cannot be parsed strictly. */
function structuredData(file: SourceFile, text: string): { ok: true; data: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, data: file.kind === 'json' ? (JSON.parse(text) as unknown) : yamlData(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export function rewriteFile(file: SourceFile, rules: MigrationRules, lexer: Lexer): RewriteOutcome {
  const lexed = lexer.lex(file);
  if (lexed.kind === 'error') return { kind: 'skipped', reason: `cannot be read as ${file.kind}: ${lexed.reason}` };
  const after = rewriteSegments(file.text, lexed.segments, rules);
  if (after === file.text) return { kind: 'unchanged' };

  const relexed = lexer.lex({ ...file, text: after });
  if (relexed.kind === 'error' || !sameShape(lexed.segments, relexed.segments)) {
    return { kind: 'skipped', reason: 'the rewrite would change how the file parses' };
  }
  if (file.kind === 'json' || file.kind === 'yaml') {
    const before = structuredData(file, file.text);
    if (!before.ok) return { kind: 'skipped', reason: `not strict ${file.kind.toUpperCase()} (${before.reason})` };
    const now = structuredData(file, after);
    if (!now.ok || !isDeepStrictEqual(now.data, rewriteData(before.data, rules))) {
      return { kind: 'skipped', reason: 'a value to change is written with escapes or across lines; change it by hand' };
    }
  }
  if (file.text.split('\n').some(holdsSecret)) {
    return { kind: 'skipped', reason: 'holds what looks like a credential, which a diff would print; change it by hand' };
  }
  return { kind: 'changed', text: after };
}
