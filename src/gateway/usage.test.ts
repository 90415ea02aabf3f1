import { describe, expect, it } from 'vitest';
import { estimateCompletionTokens, normaliseUsage, usageOrEstimate } from './usage.ts';

describe('normaliseUsage', () => {
  it('reads prompt/completion and cached tokens', () => {
    expect(normaliseUsage({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 } })).toEqual({
      promptTokens: 12,
      completionTokens: 5,
      cachedTokens: 4,
      source: 'reported',
    });
  });
  it('ignores AI Stats pricing and missing details', () => {
    expect(normaliseUsage({ prompt_tokens: 12, completion_tokens: 5, pricing: { total_nanos: 4800 } })?.cachedTokens).toBe(0);
  });
  it('returns null without counts', () => {
    expect(normaliseUsage(undefined)).toBeNull();
    expect(normaliseUsage({ total_tokens: 3 })).toBeNull();
  });
});

describe('usageOrEstimate', () => {
  it('estimates with the tokenizer when the gateway reports nothing', () => {
    const u = usageOrEstimate(undefined, [{ role: 'user', content: 'Say hi' }], 'Hello there!');
    expect(u.source).toBe('estimated');
    expect(u.completionTokens).toBe(estimateCompletionTokens('Hello there!'));
    expect(u.completionTokens).toBeGreaterThan(1);
    expect(u.promptTokens).toBeGreaterThan(6);
  });
  it('counts longer answers as more tokens', () => {
    expect(estimateCompletionTokens('word '.repeat(100))).toBeGreaterThan(estimateCompletionTokens('word'));
    expect(estimateCompletionTokens('')).toBe(0);
  });
});
