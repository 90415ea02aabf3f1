/**
 * Output similarity in words: 2·equal / (|a| + |b|), counting word and punctuation tokens.
 * Text is tokenised into words, punctuation and whitespace runs; whitespace only separates
 * (it marks sentence ends for huge texts) and is neither diffed nor counted, so re-wrapping
 * or re-indenting a text costs nothing.
 * The tokenizer and the token diff are the ones the report's word diff uses (token-diff.ts).
 * Bounded in time: huge texts are aligned by sentence first and only changed regions are
 * word-diffed; texts whose bag-of-words overlap is already below `cutoff` return that bound.
 */
import type { CompareMode } from '../suite/types.ts';
import { diffTokens, equalCount, tokenise } from './token-diff.ts';

export type SimilarityMethod =
  | 'equal' // byte-identical (or structurally equal JSON): 1.0
  | 'word-diff' // exact word-level diff
  | 'bag-of-words-bound' // upper bound from the multiset overlap; already below the cutoff
  | 'chunked-word-diff' // sentence alignment, word diff inside changed regions: a lower bound
  | 'exact' // bytes compared
  | 'json-unparseable'
  | 'none';

export interface SimilarityResult {
  similarity0to1: number;
  /** True when the number is a bound rather than the exact word-diff score. */
  bounded: boolean;
  method: SimilarityMethod;
  reason?: string;
}

export interface SimilarityOptions {
  /** Scores below this need not be exact: a bag-of-words bound under it is returned as is. */
  cutoff?: number;
  /** Above this many word tokens on either side, the chunked (sentence-first) diff is used. */
  maxWords?: number;
  /**
   * Never return an upper bound (for noise floors): no bag-of-words shortcut, and a diff cut short
   * falls back to the chunked diff, a lower bound. `cutoff` is ignored.
   */
  lowerBoundOnly?: boolean;
}

/**
 * Word diffs (Myers, O((n+m)·d)) stay in the low milliseconds up to about 500 words a side
 * even for unrelated texts; larger texts and regions go through sentence alignment.
 */
export const DEFAULT_MAX_WORDS = 500;
export const DEFAULT_CUTOFF = 0.5;

const WHITESPACE = /^\s/u;

function ratio(equal: number, total: number): number {
  return total === 0 ? 1 : (2 * equal) / total;
}

/** Multiset intersection of words: no alignment can match more words than this. */
function bagOfWordsBound(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return ratio(common, a.length + b.length);
}

/** Equal words of an exact word diff, or null when there are too many distinct words to encode. */
function equalWords(a: readonly string[], b: readonly string[]): number | null {
  const runs = diffTokens(a, b);
  return runs === null ? null : equalCount(runs);
}

/** Sentences (ending in . ! ? or a line break) as lists of words. */
function sentences(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const t of tokens) {
    if (WHITESPACE.test(t)) {
      if (t.includes('\n') && current.length > 0) {
        out.push(current);
        current = [];
      }
      continue;
    }
    current.push(t);
    if (t === '.' || t === '!' || t === '?') {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Align whole sentences first, then word-diff each changed region that is small enough;
 * larger regions count as unmatched. Sentence-first alignment can only miss matches, so the
 * result is a lower bound (tight when changes are local).
 */
function chunkedEqualWords(a: readonly string[], b: readonly string[], maxWords: number): number {
  const sa = sentences(a);
  const sb = sentences(b);
  const runs = diffTokens(
    sa.map((s) => s.join(' ')),
    sb.map((s) => s.join(' ')),
  );
  if (runs === null) return 0;
  let equal = 0;
  let ia = 0;
  let ib = 0;
  // Changed regions are collected only up to maxWords + 1 words: beyond that they are skipped anyway.
  let pendingA: string[] = [];
  let pendingB: string[] = [];
  const collect = (into: string[], words: readonly string[]): void => {
    for (const w of words) {
      if (into.length > maxWords) return;
      into.push(w);
    }
  };
  const flush = (): void => {
    if (pendingA.length > 0 && pendingB.length > 0 && pendingA.length <= maxWords && pendingB.length <= maxWords) {
      equal += equalWords(pendingA, pendingB) ?? 0;
    }
    pendingA = [];
    pendingB = [];
  };
  for (const { op, count } of runs) {
    for (let i = 0; i < count; i++) {
      if (op === 'equal') {
        flush();
        equal += (sa[ia] ?? []).length;
        ia++;
        ib++;
      } else if (op === 'delete') {
        collect(pendingA, sa[ia++] ?? []);
      } else {
        collect(pendingB, sb[ib++] ?? []);
      }
    }
  }
  flush();
  return equal;
}

/** Word-level similarity of two texts (mode 'text'). */
export function textSimilarity(a: string, b: string, options: SimilarityOptions = {}): SimilarityResult {
  if (a === b) return { similarity0to1: 1, bounded: false, method: 'equal' };
  const cutoff = options.lowerBoundOnly === true ? 0 : (options.cutoff ?? DEFAULT_CUTOFF);
  const maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
  const ta = tokenise(a);
  const tb = tokenise(b);
  const wa = ta.filter((t) => !WHITESPACE.test(t));
  const wb = tb.filter((t) => !WHITESPACE.test(t));
  const total = wa.length + wb.length;
  const bound = bagOfWordsBound(wa, wb);
  if (bound < cutoff) return { similarity0to1: bound, bounded: true, method: 'bag-of-words-bound' };
  if (wa.length > maxWords || wb.length > maxWords) {
    return { similarity0to1: ratio(chunkedEqualWords(ta, tb, maxWords), total), bounded: true, method: 'chunked-word-diff' };
  }
  const equal = equalWords(wa, wb);
  if (equal === null) {
    if (options.lowerBoundOnly === true) return { similarity0to1: ratio(chunkedEqualWords(ta, tb, maxWords), total), bounded: true, method: 'chunked-word-diff' };
    return { similarity0to1: bound, bounded: true, method: 'bag-of-words-bound' };
  }
  return { similarity0to1: ratio(equal, total), bounded: false, method: 'word-diff' };
}

/** JSON with object keys sorted recursively, so key order never counts as a difference. */
export function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonicalJson(v)]));
  }
  return value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Similarity by compare mode. 'none' compares nothing (callers skip the check) and returns 1. */
export function similarity(a: string, b: string, mode: CompareMode, options: SimilarityOptions = {}): SimilarityResult {
  switch (mode) {
    case 'none':
      return { similarity0to1: 1, bounded: false, method: 'none' };
    case 'exact':
      return { similarity0to1: a === b ? 1 : 0, bounded: false, method: 'exact' };
    case 'text':
      return textSimilarity(a, b, options);
    case 'json': {
      const pa = parseJson(a);
      const pb = parseJson(b);
      if (!pa.ok || !pb.ok) {
        const which = !pa.ok ? `first text: ${pa.message}` : `second text: ${pb.ok ? '' : pb.message}`;
        return { similarity0to1: 0, bounded: false, method: 'json-unparseable', reason: `not JSON (${which})` };
      }
      const ca = JSON.stringify(canonicalJson(pa.value), null, 2);
      const cb = JSON.stringify(canonicalJson(pb.value), null, 2);
      if (ca === cb) return { similarity0to1: 1, bounded: false, method: 'equal' };
      return textSimilarity(ca, cb, options);
    }
  }
}
