/**
 * The simulated gateways' model catalogs (USD per million tokens), written by each profile in its
 * own form. AI Stats and the plain OpenAI-compatible server share one list; LLM Gateway has its
 * own (llmgateway-catalog.ts), as recorded from the real one: other models, some other prices.
 */
import type { ProfileName } from '../gateway/types.ts';
import { LLMGATEWAY_ROWS } from './llmgateway-catalog.ts';

export interface SimModel {
  /** Canonical `org/model` id (AI Stats form). */
  id: string;
  org: string;
  /** The model part, which LLM Gateway lists and the provider's own slug. */
  slug: string;
  /** Upstream provider id. */
  provider: string;
  name: string;
  inputUsdPerM: number;
  outputUsdPerM: number;
  cachedUsdPerM: number | null;
  contextLength: number;
  releasedAt: string;
  image: boolean;
}

export type Row = [id: string, provider: string, name: string, input: number, output: number, cached: number | null, ctx: number, released: string, image: boolean];

const ROWS: readonly Row[] = [
  ['openai/gpt-4o', 'openai', 'GPT-4o', 2.5, 10, 1.25, 128000, '2024-05-13', true],
  ['openai/gpt-4o-mini', 'openai', 'GPT-4o mini', 0.15, 0.6, 0.075, 128000, '2024-07-18', true],
  ['openai/gpt-4.1', 'openai', 'GPT-4.1', 2, 8, 0.5, 1047576, '2025-04-14', true],
  ['openai/gpt-4.1-mini', 'openai', 'GPT-4.1 mini', 0.4, 1.6, 0.1, 1047576, '2025-04-14', true],
  ['openai/gpt-4.1-nano', 'openai', 'GPT-4.1 nano', 0.1, 0.4, 0.025, 1047576, '2025-04-14', true],
  ['openai/o4-mini', 'openai', 'o4-mini', 1.1, 4.4, 0.275, 200000, '2025-04-16', true],
  ['anthropic/claude-3-5-haiku', 'anthropic', 'Claude 3.5 Haiku', 0.8, 4, 0.08, 200000, '2024-10-22', false],
  ['anthropic/claude-3-7-sonnet-20250219', 'anthropic', 'Claude 3.7 Sonnet', 3, 15, 0.3, 200000, '2025-02-19', true],
  ['google/gemini-2.0-flash', 'google-ai-studio', 'Gemini 2.0 Flash', 0.1, 0.4, 0.025, 1048576, '2025-02-05', true],
  ['google/gemini-2.5-flash', 'google-ai-studio', 'Gemini 2.5 Flash', 0.3, 2.5, 0.075, 1048576, '2025-06-17', true],
  ['meta/llama-3.1-8b-instruct', 'deepinfra', 'Llama 3.1 8B Instruct', 0.07, 0.07, null, 131072, '2024-07-23', false],
  ['meta/llama-3.3-70b-instruct', 'deepinfra', 'Llama 3.3 70B Instruct', 0.59, 0.79, null, 131072, '2024-12-06', false],
  ['deepseek/deepseek-v3', 'deepseek', 'DeepSeek V3', 0.27, 1.1, 0.07, 64000, '2024-12-26', false],
  ['mistral/mistral-large-latest', 'mistral', 'Mistral Large', 2, 6, null, 128000, '2024-11-18', false],
  ['mistral/mistral-small-latest', 'mistral', 'Mistral Small', 0.2, 0.6, null, 32000, '2025-03-17', false],
];

function toModel([id, provider, name, input, output, cached, ctx, released, image]: Row): SimModel {
  const slash = id.indexOf('/');
  return {
    id,
    // LLM Gateway's pseudo-models (`custom`, `auto`) have no organisation.
    org: slash < 0 ? provider : id.slice(0, slash),
    slug: id.slice(slash + 1),
    provider,
    name,
    inputUsdPerM: input,
    outputUsdPerM: output,
    cachedUsdPerM: cached,
    contextLength: ctx,
    releasedAt: released,
    image,
  };
}

export const SIM_MODELS: readonly SimModel[] = ROWS.map(toModel);
export const LLMGATEWAY_MODELS: readonly SimModel[] = LLMGATEWAY_ROWS.map(toModel);

/** The catalog one simulated gateway serves: its profile's list except `missingModels` (canonical ids). */
export function catalogFor(profile: ProfileName, missingModels: readonly string[]): readonly SimModel[] {
  const missing = new Set(missingModels);
  return (profile === 'llmgateway' ? LLMGATEWAY_MODELS : SIM_MODELS).filter((m) => !missing.has(m.id));
}

export function findModel(catalog: readonly SimModel[], canonicalId: string): SimModel | undefined {
  return catalog.find((m) => m.id === canonicalId);
}

/** LLM Gateway writes USD per token with JS number formatting: `0.15 / 1e6` → "1.5e-7". */
export function usdPerTokenString(usdPerM: number): string {
  return String(usdPerM / 1e6);
}

/** Integer nanos (1e-9 USD) per token, exact for prices with up to three decimals per million. */
export function nanosPerToken(usdPerM: number): number {
  return Math.round(usdPerM * 1000);
}

/** Upstream provider ids of a catalog (AI Stats pins `provider:org/model`; LLM Gateway prefixes `provider/model`). */
export function providersOf(catalog: readonly SimModel[]): string[] {
  return [...new Set(catalog.map((m) => m.provider))];
}
