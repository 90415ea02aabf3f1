import { describe, expect, it } from 'vitest';
import type { Catalog } from '../gateway/catalog.ts';
import { priceFromUsdPerMillion } from '../gateway/cost.ts';
import { checkModels, nearMatches, usdPerMillion } from './models.ts';

const price = (input: number, output: number) => ({ ...priceFromUsdPerMillion({ input, output }), source: 'catalog' as const });
const baseline: Catalog = {
  gateway: 'llm',
  profile: 'llmgateway',
  pages: 1,
  models: [
    { id: 'gpt-4o', canonical: 'openai/gpt-4o', price: price(2.5, 10) },
    { id: 'claude-3-5-haiku', canonical: 'anthropic/claude-3-5-haiku', price: price(0.8, 4) },
  ],
};
const candidate: Catalog = {
  gateway: 'ais',
  profile: 'aistats',
  pages: 1,
  models: [
    { id: 'openai/gpt-4o', canonical: 'openai/gpt-4o', price: price(2.25, 10) },
    { id: 'anthropic/claude-3.5-haiku', canonical: 'anthropic/claude-3.5-haiku', price: null },
  ],
};

describe('checkModels', () => {
  it('maps each used model, reports the price difference per million tokens, and names missing ones with near matches', () => {
    const r = checkModels({
      baselineCatalog: baseline,
      candidateCatalog: candidate,
      usedModels: [
        { id: 'gpt-4o', sources: ['suite'] },
        { id: 'claude-3-5-haiku', sources: ['app/x.ts:3'] },
      ],
      aliases: {},
    });
    expect(r.checks[0]).toMatchObject({ candidateId: 'openai/gpt-4o', onBaseline: true, onCandidate: true, priceDelta: { input: '-0.25', output: '0' } });
    expect(r.checks[1]).toMatchObject({ candidateId: 'anthropic/claude-3-5-haiku', onCandidate: false, suggestions: ['anthropic/claude-3.5-haiku'] });
    expect(r.unmapped).toEqual(['claude-3-5-haiku']);
  });

  it('an explicit alias decides the candidate id', () => {
    const r = checkModels({ baselineCatalog: baseline, candidateCatalog: candidate, usedModels: [{ id: 'claude-3-5-haiku', sources: [] }], aliases: { 'claude-3-5-haiku': 'anthropic/claude-3.5-haiku' } });
    expect(r.unmapped).toEqual([]);
    expect(r.checks[0]?.priceDelta).toBeNull();
  });
});

describe('helpers', () => {
  it('usdPerMillion prints femto-per-token as exact USD per million', () => {
    expect(usdPerMillion(150_000_000n)).toBe('0.15');
    expect(usdPerMillion(10_000_000_000n)).toBe('10');
    expect(usdPerMillion(-250_000_000n)).toBe('-0.25');
  });

  it('nearMatches ignores org, date stamps and punctuation, and rejects unrelated ids', () => {
    const models = ['openai/gpt-4o-2024-08-06', 'google/gemini-2.0-flash', 'mistral/mistral-large'].map((id) => ({ id, canonical: id, price: null }));
    expect(nearMatches('openai/gpt-4o', models)).toEqual(['openai/gpt-4o-2024-08-06']);
    expect(nearMatches('meta/llama-3.1-8b', models)).toEqual([]);
  });
});
