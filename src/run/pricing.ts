/**
 * Prices for one run: each gateway's catalog, fetched once per run and kept in the report
 * folder with its fetch time, then `prices:` from eval.config.yaml where a catalog has none.
 * A `prices:` entry that disagrees with a catalog by more than 1 % is flagged; the catalog
 * price is the one used (it is what the gateway publishes now).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedTarget } from '../config/load.ts';
import { fetchCatalog, type Catalog } from '../gateway/catalog.ts';
import { priceFromUsdPerMillion, usdPerMillion, type Price } from '../gateway/cost.ts';
import type { Role } from '../gateway/types.ts';
import type { OpenGateway } from './gateways.ts';

/** A price differing from the catalog's by more than this share is flagged. */
export const PRICE_TOLERANCE = 0.01;

/** What the report says about where prices came from. */
export interface CatalogSnapshot {
  role: Role;
  gateway: string;
  /** ISO time the catalog was read; null when it could not be. */
  fetchedAt: string | null;
  /** The copy in the report folder, relative to it. */
  file: string | null;
  models: number;
  priced: number;
  /** Why the catalog could not be used (its prices then come from `prices:` only). */
  error: string | null;
}

export interface RunPricing {
  catalogs: CatalogSnapshot[];
  /** Models priced by `prices:` in eval.config.yaml. */
  configured: number;
  /** `prices:` entries more than 1 % off a catalog, one sentence each. */
  disagreements: string[];
}

export type PriceLookup = (canonicalModel: string) => Price | null;

interface CachedCatalog {
  format: 'cutover-catalog';
  version: 1;
  role: Role;
  gateway: string;
  profile: string;
  fetchedAt: string;
  /** USD per million tokens as exact decimals; null = the catalog lists the model without a usable price. */
  models: Array<{ id: string; canonical: string; price: { input: string; output: string; cached: string | null } | null }>;
}

function cacheCopy(role: Role, fetchedAt: string, catalog: Catalog): CachedCatalog {
  return {
    format: 'cutover-catalog',
    version: 1,
    role,
    gateway: catalog.gateway,
    profile: catalog.profile,
    fetchedAt,
    models: catalog.models.map((m) => ({
      id: m.id,
      canonical: m.canonical,
      price: m.price && { input: usdPerMillion(m.price.inputFemto), output: usdPerMillion(m.price.outputFemto), cached: m.price.cachedFemto === null ? null : usdPerMillion(m.price.cachedFemto) },
    })),
  };
}

/** Relative difference of a configured figure from the catalog's; null when both are zero. */
function offBy(configured: bigint, catalog: bigint): number | null {
  if (catalog === 0n) return configured === 0n ? null : Number.POSITIVE_INFINITY;
  return Number(configured - catalog) / Number(catalog);
}

/** `prices:` entries more than PRICE_TOLERANCE off the catalog's price for the same model, one sentence each. */
export function priceDisagreements(configured: ResolvedTarget['prices'], catalog: Pick<Catalog, 'gateway' | 'models'>): string[] {
  const out: string[] = [];
  const byId = new Map(catalog.models.map((m) => [m.canonical, m.price]));
  for (const [id, spec] of Object.entries(configured)) {
    const listed = byId.get(id);
    if (!listed) continue;
    const mine = priceFromUsdPerMillion(spec);
    const parts: string[] = [];
    const compare = (what: string, a: bigint, b: bigint) => {
      const d = offBy(a, b);
      if (d !== null && Math.abs(d) > PRICE_TOLERANCE) {
        const pct = Number.isFinite(d) ? `${d > 0 ? '+' : ''}${(d * 100).toFixed(1)} %` : 'catalog is $0';
        parts.push(`${what} $${usdPerMillion(a)}/M vs $${usdPerMillion(b)}/M (${pct})`);
      }
    };
    compare('input', mine.inputFemto, listed.inputFemto);
    compare('output', mine.outputFemto, listed.outputFemto);
    if (mine.cachedFemto !== null && listed.cachedFemto !== null) compare('cached', mine.cachedFemto, listed.cachedFemto);
    if (parts.length > 0) out.push(`prices: ${id} differs from the ${catalog.gateway} catalog by more than ${PRICE_TOLERANCE * 100} %: ${parts.join(', ')}; the catalog price is used`);
  }
  return out;
}

export interface RunPrices {
  prices: Partial<Record<Role, PriceLookup>>;
  pricing: RunPricing;
}

/**
 * Reads each arm's catalog once (never fatal: a catalog that cannot be read leaves `prices:`),
 * writes it to `<outDir>/catalogs/<role>.json`, and returns one price lookup per arm: catalog
 * first, then `prices:`.
 */
/** `prices:` of eval.config.yaml as a lookup (each price parsed once). */
export function configuredPrices(target: Pick<ResolvedTarget, 'prices'>): PriceLookup {
  const cache = new Map<string, Price>();
  return (canonical) => {
    const p = target.prices[canonical];
    if (p === undefined) return null;
    let price = cache.get(canonical);
    if (!price) {
      price = priceFromUsdPerMillion(p);
      cache.set(canonical, price);
    }
    return price;
  };
}

export async function loadRunPrices(target: ResolvedTarget, gateways: Record<Role, OpenGateway>, arms: readonly Role[], outDir: string, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<RunPrices> {
  const configured = configuredPrices(target);
  const catalogs: CatalogSnapshot[] = [];
  const found: string[] = [];
  const prices: Partial<Record<Role, PriceLookup>> = {};
  await Promise.all(
    arms.map(async (role) => {
      const g = gateways[role];
      let listed = new Map<string, Price>();
      try {
        const catalog = await fetchCatalog(g, signal ? { signal } : {});
        const fetchedAt = now().toISOString();
        const file = join('catalogs', `${role}.json`);
        mkdirSync(join(outDir, 'catalogs'), { recursive: true });
        writeFileSync(join(outDir, file), `${JSON.stringify(cacheCopy(role, fetchedAt, catalog), null, 2)}\n`);
        for (const m of catalog.models) if (m.price) listed.set(m.canonical, m.price);
        catalogs.push({ role, gateway: g.name, fetchedAt, file, models: catalog.models.length, priced: listed.size, error: null });
        found.push(...priceDisagreements(target.prices, catalog));
      } catch (e) {
        listed = new Map();
        catalogs.push({ role, gateway: g.name, fetchedAt: null, file: null, models: 0, priced: 0, error: e instanceof Error ? e.message : String(e) });
      }
      prices[role] = (canonical) => listed.get(canonical) ?? configured(canonical);
    }),
  );
  catalogs.sort((a, b) => arms.indexOf(a.role) - arms.indexOf(b.role));
  return { prices, pricing: { catalogs, configured: Object.keys(target.prices).length, disagreements: found.sort() } };
}
