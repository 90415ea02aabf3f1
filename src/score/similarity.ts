/**
 * Output similarity in words: 2·equal / (|a| + |b|), counting word and punctuation tokens.
 * Text is tokenised into words, punctuation and whitespace runs; whitespace only separates
 * (it marks sentence ends for huge texts) and is neither diffed nor counted, so re-wrapping
 * or re-indenting a text costs nothing.
 * Each distinct token becomes one character of a BMP range, and fast-diff runs on those
 * strings: diff-match-patch's "lines to chars" trick at word level.
 * Bounded in time: huge texts are aligned by sentence first and only changed regions are
 * word-diffed; texts whose bag-of-words overlap is already below `cutoff` return that bound.
 */
import diff from 'fast-diff';
import type { CompareMode } from '../suite/types.ts';

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
}

/**
 * Word diffs (Myers, O((n+m)·d)) stay in the low milliseconds up to about 500 words a side
 * even for unrelated texts; larger texts and regions go through sentence alignment.
 */
export const DEFAULT_MAX_WORDS = 500;
export const DEFAULT_CUTOFF = 0.5;

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;
const WHITESPACE = /^\s/u;
/** BMP code points from CJK onward, stopping before the surrogates: 35,328 distinct tokens. */
const CODE_BASE = 0x4e00;
const CODE_LIMIT = 0xd800;

export function tokenise(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

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

/**
 * Encodes each distinct key as one BMP character (shared across calls through `codes`), or
 * null when the range is exhausted.
 */
function encoder(codes: Map<string, string>): (keys: readonly string[]) => string | null {
  return (keys) => {
    let out = '';
    for (const k of keys) {
      let c = codes.get(k);
      if (c === undefined) {
        if (CODE_BASE + codes.size >= CODE_LIMIT) return null;
        c = String.fromCharCode(CODE_BASE + codes.size);
        codes.set(k, c);
      }
      out += c;
    }
    return out;
  };
}

function equalLength(a: string, b: string): number {
  let equal = 0;
  for (const [op, chunk] of diff(a, b)) if (op === diff.EQUAL) equal += chunk.length;
  return equal;
}

/** Equal words of an exact word diff, or null when there are too many distinct words to encode. */
function equalWords(a: readonly string[], b: readonly string[]): number | null {
  const encode = encoder(new Map());
  const ea = encode(a);
  const eb = encode(b);
  return ea === null || eb === null ? null : equalLength(ea, eb);
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
  const encode = encoder(new Map());
  const ea = encode(sa.map((s) => s.join(' ')));
  const eb = encode(sb.map((s) => s.join(' ')));
  if (ea === null || eb === null) return 0;
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
  for (const [op, chunk] of diff(ea, eb)) {
    for (let i = 0; i < chunk.length; i++) {
      if (op === diff.EQUAL) {
        flush();
        equal += (sa[ia] ?? []).length;
        ia++;
        ib++;
      } else if (op === diff.DELETE) {
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
  const cutoff = options.cutoff ?? DEFAULT_CUTOFF;
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
  if (equal === null) return { similarity0to1: bound, bounded: true, method: 'bag-of-words-bound' };
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
