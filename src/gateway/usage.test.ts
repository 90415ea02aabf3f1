import { describe, expect, it } from 'vitest';
import { estimateCompletionTokens, normaliseUsage, readUsage } from './usage.ts';

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

describe('readUsage', () => {
  const messages = [{ role: 'user' as const, content: 'Say hi' }];
  it('estimates with the tokenizer when a gateway that does not promise usage reports nothing', () => {
    const u = readUsage(undefined, { messages, text: 'Hello there!', reportsUsage: false });
    expect(u.source).toBe('estimated');
    expect(u.completionTokens).toBe(estimateCompletionTokens('Hello there!'));
    expect(u.completionTokens).toBeGreaterThan(1);
    expect(u.promptTokens).toBeGreaterThan(6);
  });
  it('missing: a gateway that promises usage sent none, or zero completion tokens for a non-empty answer', () => {
    expect(readUsage(undefined, { messages, text: 'Hello there!', reportsUsage: true }).source).toBe('missing');
    const zeros = readUsage({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, { messages, text: 'Hello there!', reportsUsage: true });
    expect(zeros.source).toBe('missing');
    expect(zeros.completionTokens).toBe(estimateCompletionTokens('Hello there!'));
    // Zero completion tokens for an empty answer is a real count.
    expect(readUsage({ prompt_tokens: 9, completion_tokens: 0 }, { messages, text: '', reportsUsage: true })).toMatchObject({ source: 'reported', completionTokens: 0 });
  });
  it("gateway-estimated: LLM Gateway's own usage chunk keeps its counts and says whose they are", () => {
    expect(readUsage({ prompt_tokens: 5, completion_tokens: 6 }, { messages, text: 'Hello', gatewayMade: true, reportsUsage: true })).toEqual({
      promptTokens: 5,
      completionTokens: 6,
      cachedTokens: 0,
      source: 'gateway-estimated',
    });
  });
  it('counts longer answers as more tokens', () => {
    expect(estimateCompletionTokens('word '.repeat(100))).toBeGreaterThan(estimateCompletionTokens('word'));
    expect(estimateCompletionTokens('')).toBe(0);
  });
});
