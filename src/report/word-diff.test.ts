import { describe, expect, it } from 'vitest';
import { tokenizeWords, wordDiff } from './word-diff.ts';

describe('wordDiff', () => {
  it('marks whole words, keeping both texts reconstructible', () => {
    const a = 'The cat sat on the mat.';
    const b = 'The dog sat on a mat!';
    const parts = wordDiff(a, b);
    expect(parts.filter((p) => p.op !== 'insert').map((p) => p.text).join('')).toBe(a);
    expect(parts.filter((p) => p.op !== 'delete').map((p) => p.text).join('')).toBe(b);
    expect(parts.filter((p) => p.op === 'delete').map((p) => p.text)).toEqual(['cat', 'the', '.']);
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text)).toEqual(['dog', 'a', '!']);
  });

  it('handles identical, empty and non-Latin texts', () => {
    expect(wordDiff('same', 'same')).toEqual([{ op: 'equal', text: 'same' }]);
    expect(wordDiff('', 'new words')).toEqual([{ op: 'insert', text: 'new words' }]);
    expect(tokenizeWords('naïve 東京 👍🏽 x')).toEqual(['naïve', ' ', '東京', ' ', '👍🏽'.slice(0, 2), '👍🏽'.slice(2), ' ', 'x']);
    const parts = wordDiff('привет мир 👍', 'привет друг 👍');
    expect(parts.find((p) => p.op === 'delete')?.text).toBe('мир');
  });
});
