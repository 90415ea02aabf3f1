/** AI Stats `GET /v1/models`: pretty-printed `{ok,availability_mode,limit,offset,total,models}`. */
import type { SimModel } from './catalog.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 250;
export const MAX_OFFSET = 5000;

const METER_KEYS = [
  'input_tokens', 'input_characters', 'input_text_bytes', 'input_text_tokens', 'input_image_tokens', 'input_image',
  'input_video_tokens', 'input_audio_tokens', 'input_audio_seconds', 'output_tokens', 'output_text_tokens',
  'output_image_tokens', 'output_image', 'output_audio_tokens', 'output_audio_seconds', 'web_search',
  'implicit_cached_input_text_tokens', 'cached_read_text_tokens', 'cached_write_text_tokens',
  'cached_write_text_tokens_5m', 'cached_write_text_tokens_1h',
] as const;

export type Page = { ok: true; limit: number; offset: number } | { ok: false; message: string };

/** limit ≤ 0 or not a number → 50, > 250 → 250 (silently); offset > 5000 → 400. */
export function readPage(params: URLSearchParams): Page {
  const rawOffset = Number(params.get('offset') ?? '0');
  const offset = Number.isFinite(rawOffset) && rawOffset > 0 ? Math.floor(rawOffset) : 0;
  if (offset > MAX_OFFSET) return { ok: false, message: `offset must be <= ${MAX_OFFSET}` };
  const rawLimit = Number(params.get('limit') ?? String(DEFAULT_LIMIT));
  const limit = !Number.isFinite(rawLimit) || rawLimit <= 0 ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.floor(rawLimit));
  return { ok: true, limit, offset };
}

function meter(provider: string, usdPerM: number) {
  return { provider_id: provider, unit: 'token', unit_size: 1000000, price_per_unit: String(usdPerM), currency: 'USD' };
}

function meters(m: SimModel, unpriced: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of METER_KEYS) out[k] = null;
  if (unpriced) return out;
  out.input_text_tokens = meter(m.provider, m.inputUsdPerM);
  out.output_text_tokens = meter(m.provider, m.outputUsdPerM);
  if (m.cachedUsdPerM !== null) out.cached_read_text_tokens = meter(m.provider, m.cachedUsdPerM);
  return out;
}

function entry(m: SimModel, unpriced: boolean): Record<string, unknown> {
  const modalities = { input: m.image ? ['text', 'image'] : ['text'], output: ['text'] };
  const capabilities = { endpoints: ['text.generate'], parameters: ['max_tokens', 'temperature', 'tools', 'response_format', 'seed'] };
  const pricing = { pricing_plan: 'standard', meters: meters(m, unpriced) };
  return {
    id: m.id,
    base_model_id: m.id,
    variant: 'standard',
    variants: { standard: { model_id: m.id, name: m.name } },
    name: m.name,
    description: `${m.name} accepts ${modalities.input.join(', ')} input and produces text output. 1 active provider through Phaseo. Supports text.generate.`,
    organization: { id: m.org, name: m.org, color: null },
    aliases: [],
    lifecycle: { status: 'active', released_at: m.releasedAt, deprecated_at: null, retires_at: null, replacement_id: null, message: null },
    modalities,
    limits: { input_tokens: m.contextLength, output_tokens: null },
    capabilities,
    availability: { status: 'active', provider_count: 1, active_provider_count: 1, coming_soon_provider_count: 0, inactive_provider_count: 0 },
    pricing,
    offers: [{ provider: { id: m.provider, name: m.provider }, model: m.slug, status: 'active', status_reason: 'active', routable: true, endpoints: ['text.generate'], modalities, capabilities, pricing }],
  };
}

export function aiStatsCatalog(models: readonly SimModel[], page: { limit: number; offset: number }, unpriced: ReadonlySet<string> = new Set()): unknown {
  return {
    ok: true,
    availability_mode: 'active',
    limit: page.limit,
    offset: page.offset,
    total: models.length,
    models: models.slice(page.offset, page.offset + page.limit).map((m) => entry(m, unpriced.has(m.id))),
  };
}
