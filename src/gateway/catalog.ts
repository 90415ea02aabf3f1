/**
 * Reads a gateway's model catalog: either list shape (`data` or `models`), following
 * `limit`/`offset` pagination, always with the key (AI Stats needs it; LLM Gateway ignores it),
 * prices parsed exactly (LLM Gateway USD-per-token strings, AI Stats meters). Every way the
 * catalog cannot be used is one GatewayError naming the gateway and the URL.
 */
import { redact, type Secret } from '../config/secret.ts';
import { EXIT, GatewayError } from '../errors.ts';
import { canonicalModelId } from './alias.ts';
import { missingV1Hint } from './base-url.ts';
import { priceFromAistatsMeters, priceFromUsdPerToken, type AistatsMeter, type Price } from './cost.ts';
import { normaliseError } from './errors.ts';
import { profile as profileOf } from './profiles.ts';
import type { ProfileName } from './types.ts';

export interface CatalogGateway {
  name: string;
  profile: ProfileName;
  baseURL: string;
  apiKey: Secret;
  timeoutMs: number;
  headers?: Readonly<Record<string, string>>;
}

export interface CatalogModel {
  /** As the gateway lists it. */
  id: string;
  /** `org/model`, for matching across gateways. */
  canonical: string;
  price: Price | null;
}

export interface Catalog {
  gateway: string;
  profile: ProfileName;
  models: CatalogModel[];
  pages: number;
}

/** AI Stats answers 400 beyond this offset; a catalog that large is cut here, not looped on. */
const MAX_OFFSET = 5000;
const DEFAULT_PAGE = 250;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function priceOf(item: Obj): Price | null {
  const pricing = item['pricing'];
  if (!isObj(pricing)) return null;
  try {
    const meters = pricing['meters'];
    if (isObj(meters)) return priceFromAistatsMeters(meters as Record<string, AistatsMeter | null>);
    const { prompt, completion } = pricing;
    if (typeof prompt === 'string' && typeof completion === 'string') {
      const cacheRead = pricing['input_cache_read'];
      const price = priceFromUsdPerToken({ prompt, completion, ...(typeof cacheRead === 'string' ? { input_cache_read: cacheRead } : {}) });
      // LLM Gateway lists "0" for its pseudo-models (`custom`, `auto` → gpt-4o-mini) and for models it
      // has no price for: not a price of $0.
      return price.inputFemto === 0n && price.outputFemto === 0n ? null : price;
    }
  } catch {
    // An unreadable price is an unknown price, shown as such; the model is still listed.
  }
  return null;
}

async function getPage(gw: CatalogGateway, url: URL, signal: AbortSignal | undefined, fetchImpl: typeof fetch): Promise<Obj> {
  const where = `${profileOf(gw.profile).label} "${gw.name}" catalog at ${url.origin}${url.pathname}`;
  const secrets = [gw.apiKey];
  let res: Response;
  let text: string;
  try {
    const deadline = AbortSignal.timeout(gw.timeoutMs);
    res = await fetchImpl(url, {
      headers: { ...gw.headers, accept: 'application/json', ...(gw.apiKey.reveal() === '' ? {} : { authorization: `Bearer ${gw.apiKey.reveal()}` }) },
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
    });
    text = await res.text();
  } catch (cause) {
    const e = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: gw.profile, cause, secrets });
    throw new GatewayError(`${where}: ${e.kind === 'timeout' ? `no answer within ${gw.timeoutMs} ms` : `unreachable (${e.message})`}`, 'gateway-unreachable', EXIT.usage, { cause });
  }
  if (!res.ok) {
    const e = normaliseError({ status: res.status, headers: res.headers, bodyText: text, sdkClass: null, profile: gw.profile, secrets });
    const detail = `${e.code ? `${e.code}: ` : ''}${e.message}`;
    if (res.status === 401 || res.status === 403) {
      throw new GatewayError(`${where}: the API key was rejected (HTTP ${res.status}, ${detail}); check the key variable for this gateway`, 'gateway-auth');
    }
    const hint = res.status === 404 ? missingV1Hint(gw.baseURL) : null;
    throw new GatewayError(`${where}: HTTP ${res.status} (${detail})${hint === null ? '' : `; ${hint}`}`, 'gateway-http');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    const type = res.headers.get('content-type') ?? 'no content-type';
    const start = redact(text.slice(0, 60).replace(/\s+/g, ' '), secrets);
    throw new GatewayError(`${where}: the body is not JSON (${type}; starts ${JSON.stringify(start)})`, 'catalog-not-json', EXIT.usage, { cause });
  }
  if (!isObj(body) || (!Array.isArray(body['data']) && !Array.isArray(body['models']))) {
    throw new GatewayError(`${where}: the JSON has neither a "data" nor a "models" list`, 'catalog-shape');
  }
  return body;
}

export async function fetchCatalog(gw: CatalogGateway, opts: { signal?: AbortSignal; fetch?: typeof fetch } = {}): Promise<Catalog> {
  const prof = profileOf(gw.profile);
  const fetchImpl = opts.fetch ?? fetch;
  const base = `${gw.baseURL.replace(/\/+$/, '')}${prof.catalog.path}`;
  const limit = prof.catalog.maxLimit ?? DEFAULT_PAGE;
  const models: CatalogModel[] = [];
  let offset = 0;
  let pages = 0;
  for (;;) {
    const url = new URL(base);
    if (prof.catalog.paginated) {
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('offset', String(offset));
    }
    const body = await getPage(gw, url, opts.signal, fetchImpl);
    pages++;
    const list = (Array.isArray(body['data']) ? body['data'] : body['models']) as unknown[];
    for (const item of list) {
      if (!isObj(item) || typeof item['id'] !== 'string') continue;
      models.push({ id: item['id'], canonical: canonicalModelId(item['id']), price: priceOf(item) });
    }
    // Follow pagination whenever the body describes it, whatever the profile says.
    const total = body['total'];
    offset += list.length;
    const more = typeof total === 'number' && typeof body['offset'] === 'number' && list.length > 0 && offset < total;
    if (!more) break;
    if (!prof.catalog.paginated || offset > MAX_OFFSET) break;
  }
  return { gateway: gw.name, profile: gw.profile, models, pages };
}
