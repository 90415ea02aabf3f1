/**
 * The one alias function: how an application's model id is written for a given gateway.
 * Exported from the package so applications use the same mapping at their gateway boundary.
 */
import type { ProfileName } from './types.ts';

/** Known model-family prefixes → organisation, for ids written without one (`gpt-4o`). */
const ORG_BY_PREFIX: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(gpt-|o1|o3|o4|chatgpt-|text-embedding-|dall-e|whisper|tts-)/, 'openai'],
  [/^claude-/, 'anthropic'],
  [/^gemini-|^gemma-/, 'google'],
  [/^(llama-|meta-llama)/, 'meta'],
  [/^(mistral-|mixtral-|codestral|ministral|pixtral)/, 'mistral'],
  [/^deepseek-/, 'deepseek'],
  [/^grok-/, 'x-ai'],
  [/^(qwen|qwq)/, 'qwen'],
  [/^command-/, 'cohere'],
];

export interface AliasOptions {
  /** Explicit map from eval.config.yaml `aliases` (application id → candidate id); wins over inference. */
  aliases?: Readonly<Record<string, string>>;
  /** The gateway the id is being written for. */
  profile: ProfileName;
}

/** `provider:org/model` pins and `org/model` ids are split here, nowhere else. */
export function splitModelId(id: string): { pin: string | null; org: string | null; model: string } {
  const slash = id.indexOf('/');
  const colon = id.indexOf(':');
  const pin = colon >= 0 && (slash < 0 || colon < slash) ? id.slice(0, colon) : null;
  const rest = pin === null ? id : id.slice(colon + 1);
  const s = rest.indexOf('/');
  return s >= 0 ? { pin, org: rest.slice(0, s), model: rest.slice(s + 1) } : { pin, org: null, model: rest };
}

/** The organisation a bare model id belongs to, or null when unknown. */
export function inferOrg(model: string): string | null {
  for (const [re, org] of ORG_BY_PREFIX) if (re.test(model)) return org;
  return null;
}

/** Canonical `org/model` form, the key used for prices and catalog matching. */
export function canonicalModelId(id: string): string {
  const { org, model } = splitModelId(id);
  const o = org ?? inferOrg(model);
  return o ? `${o}/${model}` : model;
}

/**
 * Map an application's model id to what `profile` expects:
 * - explicit alias first (AI Stats side), then
 * - `aistats`: `org/model` (inferred org for bare ids; pins kept),
 * - `llmgateway`: accepts both forms, sent as written,
 * - `openai-compatible`: as written.
 */
export function mapModel(id: string, opts: AliasOptions): string {
  if (opts.profile === 'aistats') {
    const explicit = opts.aliases?.[id];
    if (explicit !== undefined) return explicit;
    const { pin, org, model } = splitModelId(id);
    if (org !== null) return id;
    const inferred = inferOrg(model);
    if (inferred === null) return id;
    return `${pin !== null ? `${pin}:` : ''}${inferred}/${model}`;
  }
  return id;
}
