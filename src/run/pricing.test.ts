import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, resolveTarget } from '../config/load.ts';
import { priceFromUsdPerMillion, usdPerMillion } from '../gateway/cost.ts';
import { createSimServer, type SimServer } from '../sim/server.ts';
import { SimSchema } from '../config/schema.ts';
import { Secret } from '../config/secret.ts';
import type { OpenGateway } from './gateways.ts';
import { loadRunPrices, priceDisagreements } from './pricing.ts';

describe('priceDisagreements', () => {
  const catalog = {
    gateway: 'llm-gw',
    models: [
      { id: 'gpt-4o', canonical: 'openai/gpt-4o', price: priceFromUsdPerMillion({ input: 2.5, output: 10 }) },
      { id: 'gpt-4o-mini', canonical: 'openai/gpt-4o-mini', price: priceFromUsdPerMillion({ input: 0.15, output: 0.6 }) },
      { id: 'custom', canonical: 'custom', price: null },
    ],
  };
  it('flags a configured price more than 1 % off the catalog, and only that', () => {
    const out = priceDisagreements({ 'openai/gpt-4o': { input: 3, output: 10 }, 'openai/gpt-4o-mini': { input: 0.1505, output: 0.6 }, 'x/unlisted': { input: 1, output: 1 } }, catalog);
    expect(out).toEqual(['prices: openai/gpt-4o differs from the llm-gw catalog by more than 1 %: input $3/M vs $2.5/M (+20.0 %); the catalog price is used']);
  });
  it('writes per-million prices exactly', () => {
    expect(usdPerMillion(priceFromUsdPerMillion({ input: 0.075, output: 0 }).inputFemto)).toBe('0.075');
    expect(usdPerMillion(400_000_000n)).toBe('0.4');
    expect(usdPerMillion(30_000_000_000n)).toBe('30');
  });
});

describe('loadRunPrices against the simulated gateways', () => {
  let llm: SimServer;
  let ais: SimServer;
  beforeAll(async () => {
    const sim = SimSchema.parse({});
    llm = await createSimServer({ profile: 'llmgateway', apiKey: 'k1', sim });
    ais = await createSimServer({ profile: 'aistats', apiKey: 'k2', sim: { ...sim, unpricedModels: ['openai/gpt-4o-mini'] } });
  });
  afterAll(async () => {
    await llm.close();
    await ais.close();
  });

  it('prices each side from its own catalog first, then prices:, and keeps each catalog in the report folder with its time', async () => {
    const target = resolveTarget(loadConfig(join(import.meta.dirname, '../../eval.config.yaml')), 'local', {});
    const open = (role: 'baseline' | 'candidate', url: string, key: string): OpenGateway => ({ ...target[role], baseURL: url, simulated: true, apiKey: new Secret(key) });
    const gws = { baseline: open('baseline', llm.url, 'k1'), candidate: open('candidate', ais.url, 'k2') };
    const out = mkdtempSync(join(tmpdir(), 'cutover-prices-'));
    const withPrices = { ...target, prices: { 'openai/gpt-4o-mini': { input: 0.2, output: 0.6 }, 'anthropic/claude-3-5-haiku': { input: 0.8, output: 4 } } };
    const { prices, pricing } = await loadRunPrices(withPrices, gws, ['baseline', 'candidate'], out, undefined, () => new Date('2026-12-01T06:00:00Z'));
    expect(prices.baseline?.('openai/gpt-4o')).toMatchObject({ source: 'catalog', inputFemto: 2_500_000_000n });
    // The candidate's catalog lists gpt-4o-mini without a price: prices: fills in.
    expect(prices.candidate?.('openai/gpt-4o-mini')).toMatchObject({ source: 'configured', inputFemto: 200_000_000n });
    // LLM Gateway does not serve claude-3-5-haiku: prices: is all there is.
    expect(prices.baseline?.('anthropic/claude-3-5-haiku')).toMatchObject({ source: 'configured' });
    expect(prices.baseline?.('no/such')).toBeNull();
    expect(pricing.catalogs.map((c) => [c.role, c.fetchedAt, c.file, c.error])).toEqual([
      ['baseline', '2026-12-01T06:00:00.000Z', 'catalogs/baseline.json', null],
      ['candidate', '2026-12-01T06:00:00.000Z', 'catalogs/candidate.json', null],
    ]);
    expect(pricing.disagreements).toEqual([expect.stringMatching(/^prices: openai\/gpt-4o-mini differs from the llm-gateway-sim catalog by more than 1 %: input \$0\.2\/M vs \$0\.15\/M \(\+33\.3 %\)/)]);
    const copy = JSON.parse(readFileSync(join(out, 'catalogs/baseline.json'), 'utf8')) as { fetchedAt: string; models: Array<{ id: string; price: unknown }> };
    expect(copy.fetchedAt).toBe('2026-12-01T06:00:00.000Z');
    expect(copy.models.find((m) => m.id === 'deepseek-v3')?.price).toEqual({ input: '0.15', output: '0.4', cached: null });
    expect(copy.models.find((m) => m.id === 'auto')?.price).toBeNull();
  });

  it('a catalog that cannot be read is said, and prices: still apply', async () => {
    const target = resolveTarget(loadConfig(join(import.meta.dirname, '../../eval.config.yaml')), 'local', {});
    const down: OpenGateway = { ...target.baseline, baseURL: 'http://127.0.0.1:9/v1', simulated: false, timeoutMs: 2000 };
    const { prices, pricing } = await loadRunPrices(target, { baseline: down, candidate: down }, ['baseline'], mkdtempSync(join(tmpdir(), 'cutover-prices-')));
    expect(pricing.catalogs[0]).toMatchObject({ role: 'baseline', fetchedAt: null, file: null, error: expect.stringMatching(/unreachable/) });
    expect(prices.baseline?.('openai/gpt-4o')).toMatchObject({ source: 'configured' });
  });
});
