/**
 * `models`: every model the suite and the application use, mapped through the alias function
 * and looked up in both catalogs — missing ones, near matches to map them to instead, and the
 * price difference per million tokens.
 */
import { canonicalModelId, mapModel, splitModelId } from '../gateway/alias.ts';
import type { Catalog, CatalogModel } from '../gateway/catalog.ts';
import type { Price } from '../gateway/cost.ts';
import { profile } from '../gateway/profiles.ts';

export interface UsedModel {
  /** As the application or suite writes it. */
  id: string;
  /** Where it is used (`suite`, `app/src/x.ts:4`), for the report. */
  sources: string[];
}

export interface PricePerMillion {
  /** USD per million tokens, exact decimal strings. */
  input: string;
  output: string;
}

export interface ModelCheck {
  id: string;
  sources: string[];
  baselineId: string;
  candidateId: string;
  onBaseline: boolean;
  onCandidate: boolean;
  /** Candidate catalog ids close to the mapped id, best first (only when missing on the candidate). */
  suggestions: string[];
  baselinePrice: PricePerMillion | null;
  candidatePrice: PricePerMillion | null;
  /** candidate − baseline, USD per million tokens; null when either price is unknown. */
  priceDelta: PricePerMillion | null;
}

export interface ModelsReport {
  baseline: { gateway: string; models: number };
  candidate: { gateway: string; models: number };
  checks: ModelCheck[];
  /** Used models with no model on the candidate: the cutover cannot happen before these are mapped. */
  unmapped: string[];
}

/** femto-USD per token is numerically nano-USD per million tokens; print it as exact USD. */
export function usdPerMillion(femtoPerToken: bigint): string {
  const neg = femtoPerToken < 0n;
  const abs = neg ? -femtoPerToken : femtoPerToken;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

function perMillion(p: Price | null): PricePerMillion | null {
  return p === null ? null : { input: usdPerMillion(p.inputFemto), output: usdPerMillion(p.outputFemto) };
}

/** Model name without org, pin, date stamp or punctuation differences. */
function stem(id: string): string {
  const { model } = splitModelId(id);
  return model
    .toLowerCase()
    .replace(/[-_]?(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '')
    .replace(/[._]/g, '-');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Up to three candidate ids that are plausibly the same model under another name. */
export function nearMatches(id: string, catalog: readonly CatalogModel[]): string[] {
  const s = stem(id);
  return catalog
    .map((m) => ({ id: m.id, d: editDistance(s, stem(m.id)) }))
    .filter((m) => m.d <= Math.max(2, Math.floor(s.length / 5)))
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((m) => m.id);
}

function unpinned(id: string): string {
  const { pin, org, model } = splitModelId(id);
  return pin === null ? id : org === null ? model : `${org}/${model}`;
}

/** A gateway that requires `org/model` ids must list the exact id; others resolve any spelling of it. */
function find(catalog: Catalog, id: string): CatalogModel | undefined {
  const want = unpinned(id);
  const exact = catalog.models.find((m) => m.id === want);
  if (exact || profile(catalog.profile).modelIds === 'org-prefix-required') return exact;
  return catalog.models.find((m) => m.canonical === canonicalModelId(want));
}

export function checkModels(input: {
  baselineCatalog: Catalog;
  candidateCatalog: Catalog;
  usedModels: readonly UsedModel[];
  aliases: Readonly<Record<string, string>>;
}): ModelsReport {
  const { baselineCatalog: base, candidateCatalog: cand, aliases } = input;
  const checks = input.usedModels.map((u): ModelCheck => {
    const baselineId = mapModel(u.id, { profile: base.profile, aliases });
    const candidateId = mapModel(u.id, { profile: cand.profile, aliases });
    const onCand = find(cand, candidateId);
    const onBase = find(base, baselineId);
    const bp = perMillion(onBase?.price ?? null);
    const cp = perMillion(onCand?.price ?? null);
    const delta =
      onBase?.price && onCand?.price
        ? { input: usdPerMillion(onCand.price.inputFemto - onBase.price.inputFemto), output: usdPerMillion(onCand.price.outputFemto - onBase.price.outputFemto) }
        : null;
    return {
      id: u.id,
      sources: u.sources,
      baselineId,
      candidateId,
      onBaseline: onBase !== undefined,
      onCandidate: onCand !== undefined,
      suggestions: onCand ? [] : nearMatches(candidateId, cand.models),
      baselinePrice: bp,
      candidatePrice: cp,
      priceDelta: delta,
    };
  });
  return {
    baseline: { gateway: base.gateway, models: base.models.length },
    candidate: { gateway: cand.gateway, models: cand.models.length },
    checks,
    unmapped: checks.filter((c) => !c.onCandidate).map((c) => c.id),
  };
}
