/**
 * What counts as a reference to the old gateway, and what it becomes on the new one.
 * Env names and base URLs come from the gateway profiles; model ids go through the one alias
 * function. Inventory and migrate both use these, so they agree by construction.
 */
import { PROFILES } from '../gateway/profiles.ts';
import { inferOrg, mapModel, splitModelId } from '../gateway/alias.ts';

export interface MigrationRules {
  /** Explicit aliases (eval.config.yaml `aliases`), application id → candidate id. */
  aliases: Readonly<Record<string, string>>;
}

const OLD_ENV_PREFIX = 'LLM_GATEWAY_';
const NEW_ENV_PREFIX = 'AI_STATS_';
export const OLD_ENV_RE = /\bLLM_GATEWAY_[A-Z0-9_]+\b/g;

function origin(url: string | null): string {
  if (url === null) throw new Error('gateway profile without a default base URL');
  return new URL(url).origin;
}
const OLD_ORIGIN = origin(PROFILES.llmgateway.defaultBaseURL);
const NEW_ORIGIN = origin(PROFILES.aistats.defaultBaseURL);
/** The old gateway's host, with or without scheme, in any URL. */
export const OLD_URL_RE = new RegExp(`https?://${new URL(OLD_ORIGIN).host.replace(/\./g, '\\.')}(?![\\w.-])`, 'g');

/** Whether a text names an old env variable or the old gateway's URL. */
export function mentionsOldGateway(text: string): boolean {
  return new RegExp(OLD_ENV_RE.source).test(text) || new RegExp(OLD_URL_RE.source).test(text);
}

/** Organisations whose `org/model` ids are model ids (the alias function's and common spellings). */
const KNOWN_ORGS = new Set(['openai', 'anthropic', 'google', 'meta', 'meta-llama', 'mistral', 'mistralai', 'deepseek', 'x-ai', 'qwen', 'cohere']);
const MODEL_SHAPE = /^[A-Za-z0-9][\w.:/-]*$/;

/** Whether a whole string value is a model id (`gpt-4o`, `openai/gpt-4o`, `groq:meta/llama-3`). */
export function isModelId(value: string, rules: MigrationRules): boolean {
  if (value.length > 100 || !MODEL_SHAPE.test(value)) return false;
  if (rules.aliases[value] !== undefined) return true;
  const { org, model } = splitModelId(value);
  if (model === '' || model.includes('/')) return false;
  return org !== null ? KNOWN_ORGS.has(org) : inferOrg(model) !== null;
}

/** The model ids of a value that is one id or a comma-separated list of ids; null otherwise. */
export function modelList(value: string, rules: MigrationRules): string[] | null {
  const parts = value.split(',').map((p) => p.trim());
  return parts.every((p) => isModelId(p, rules)) ? parts : null;
}

export function newModelId(id: string, rules: MigrationRules): string {
  return mapModel(id, { profile: 'aistats', aliases: rules.aliases });
}

export function isOldModelId(id: string, rules: MigrationRules): boolean {
  return newModelId(id, rules) !== id;
}

/** Env names and base URLs inside any text (code, comments, strings): substring rewrites. */
export function rewriteText(text: string): string {
  return text
    .replace(OLD_ENV_RE, (name) => NEW_ENV_PREFIX + name.slice(OLD_ENV_PREFIX.length))
    .replace(OLD_URL_RE, NEW_ORIGIN);
}

/** A whole string value: a model id (or id list) maps through the alias function; other text gets the substring rewrites. */
export function rewriteValue(value: string, rules: MigrationRules): string {
  // Ids hold no commas or spaces, so replacing each keeps the separators as written.
  if (modelList(value, rules) !== null) return value.replace(/[^,\s]+/g, (id) => newModelId(id, rules));
  return rewriteText(value);
}

/** The same rewrite applied to every string (keys too) of parsed JSON/YAML data, to check a rewritten file. */
export function rewriteData(data: unknown, rules: MigrationRules): unknown {
  if (typeof data === 'string') return rewriteValue(data, rules);
  if (Array.isArray(data)) return data.map((d) => rewriteData(d, rules));
  if (data !== null && typeof data === 'object') {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [rewriteValue(k, rules), rewriteData(v, rules)]));
  }
  return data;
}
