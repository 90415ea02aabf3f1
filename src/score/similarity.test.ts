import { describe, expect, it } from 'vitest';
import { similarity, textSimilarity } from './similarity.ts';
import { mulberry32 } from './prng.test-util.ts';

function randomText(seed: number, chars: number, vocabulary: readonly string[]): string {
  const next = mulberry32(seed);
  const parts: string[] = [];
  let length = 0;
  let sentenceWords = 0;
  while (length < chars) {
    const word = vocabulary[Math.floor(next() * vocabulary.length)] ?? 'x';
    sentenceWords++;
    const piece = sentenceWords > 8 + Math.floor(next() * 10) ? `${word}. ` : `${word} `;
    if (piece.endsWith('. ')) sentenceWords = 0;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, chars);
}

const VOCABULARY = 'the a of to and in is it that for on with as was be by this are or from at an which but not have'
  .split(' ')
  .concat(Array.from({ length: 400 }, (_, i) => `word${i}`));

const fiftyWords = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');

describe('similarity', () => {
  it('identical texts score exactly 1.0', () => {
    const text = randomText(1, 40_000, VOCABULARY);
    expect(similarity(text, text, 'text')).toEqual({ similarity0to1: 1, bounded: false, method: 'equal' });
  });

  it('two unrelated 40,000-character texts score below 0.5 and say when a bound was used', () => {
    const a = randomText(1, 40_000, VOCABULARY);
    const b = randomText(2, 40_000, VOCABULARY);
    expect(a.length).toBe(40_000);
    const r = similarity(a, b, 'text');
    expect(r.similarity0to1).toBeLessThan(0.5);
    expect(r.bounded).toBe(true);
    expect(['chunked-word-diff', 'bag-of-words-bound']).toContain(r.method);
  });

  it('texts with disjoint vocabularies return the cheap bag-of-words bound', () => {
    const r = textSimilarity('alpha beta gamma delta', 'one two three four');
    expect(r).toMatchObject({ similarity0to1: 0, bounded: true, method: 'bag-of-words-bound' });
  });

  it('a one-word change in a 50-word text scores between 0.9 and 1', () => {
    const changed = fiftyWords.replace('w25', 'changed');
    const r = similarity(fiftyWords, changed, 'text');
    expect(r.similarity0to1).toBeGreaterThan(0.9);
    expect(r.similarity0to1).toBeLessThan(1);
    expect(r.similarity0to1).toBeCloseTo(0.98, 10); // 2·49 / 100
    expect(r).toMatchObject({ bounded: false, method: 'word-diff' });
  });

  it('a one-word change in a huge text stays close to 1 through the chunked diff', () => {
    const a = randomText(3, 40_000, VOCABULARY);
    const b = a.replace(/word1\b/, 'different');
    const r = similarity(a, b, 'text');
    expect(r.method).toBe('chunked-word-diff');
    expect(r.similarity0to1).toBeGreaterThan(0.999);
    expect(r.similarity0to1).toBeLessThan(1);
  });

  it('ignores whitespace-only differences (re-wrapping)', () => {
    expect(similarity('one two\nthree', 'one  two three', 'text').similarity0to1).toBe(1);
  });

  it('counts words, not characters: word order matters', () => {
    const r = similarity('red green blue', 'blue green red', 'text');
    expect(r.similarity0to1).toBeCloseTo(1 / 3, 10);
  });

  it('json mode: reordered keys score 1.0', () => {
    const a = '{"name":"Ada","tags":["x","y"],"meta":{"b":1,"a":2}}';
    const b = '{\n  "meta": {"a": 2, "b": 1},\n  "tags": ["x", "y"],\n  "name": "Ada"\n}';
    expect(similarity(a, b, 'json')).toMatchObject({ similarity0to1: 1, method: 'equal' });
  });

  it('json mode: array order and values do count', () => {
    const r = similarity('{"tags":["x","y"],"n":1}', '{"n":1,"tags":["y","x"]}', 'json');
    expect(r.similarity0to1).toBeLessThan(1);
    expect(r.similarity0to1).toBeGreaterThan(0.5);
  });

  it('json mode: unparseable output scores 0 with a reason', () => {
    const r = similarity('{"a":1}', 'Sure! {"a":1}', 'json');
    expect(r.similarity0to1).toBe(0);
    expect(r.method).toBe('json-unparseable');
    expect(r.reason).toMatch(/second text/);
  });

  it('exact mode compares bytes', () => {
    expect(similarity('a b', 'a b', 'exact').similarity0to1).toBe(1);
    expect(similarity('a b', 'a  b', 'exact').similarity0to1).toBe(0);
  });

  it('empty against non-empty scores 0; empty against empty scores 1', () => {
    expect(similarity('', 'text', 'text').similarity0to1).toBe(0);
    expect(similarity('', ' ', 'text').similarity0to1).toBe(1);
  });
});
