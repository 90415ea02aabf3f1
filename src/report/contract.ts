/** Contract cases flattened to one row per case × transport, with the fields where gateways differ. */
import type { CaseResult, ContractSide } from '../gate/types.ts';
import { describeExpectation } from './format.ts';

export const CONTRACT_FIELDS = ['outcome', 'status', 'code', 'kind', 'sdkClass', 'bodyShape'] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

export interface ContractRow {
  caseId: string;
  expected: string;
  stream: boolean;
  baseline: ContractSide | null;
  candidate: ContractSide | null;
  /** Fields whose values differ between the gateways (request ids always differ and are not compared). */
  differing: ContractField[];
}

/** The rows of one case: none unless it is a contract case, else one per transport it ran on. */
export function caseContractRows(c: CaseResult): ContractRow[] {
  if (!c.contract) return [];
  const rows: ContractRow[] = [];
  const transports = [...new Set([...c.contract.baseline, ...c.contract.candidate].map((s) => s.stream))];
  transports.sort((a, b) => Number(a) - Number(b));
  for (const stream of transports) {
    const baseline = c.contract.baseline.find((s) => s.stream === stream) ?? null;
    const candidate = c.contract.candidate.find((s) => s.stream === stream) ?? null;
    const differing = CONTRACT_FIELDS.filter((f) => (baseline?.[f] ?? null) !== (candidate?.[f] ?? null));
    rows.push({ caseId: c.caseId, expected: c.contract.expected, stream, baseline, candidate, differing });
  }
  return rows;
}

/**
 * One line per known difference in status between the gateways, e.g.
 * "both bad key and bad model: baseline 400 vs candidate 401" (their check order differs).
 * Takes the rows gathered with the other case notes (case-notes.ts), so the cases are read once.
 */
export function contractCallouts(rows: readonly ContractRow[]): string[] {
  const lines = new Set<string>();
  for (const row of rows) {
    if (!row.differing.includes('status')) continue;
    const b = row.baseline?.status ?? 'no answer';
    const c = row.candidate?.status ?? 'no answer';
    // `expected` reads "invalid-key-and-model: <gateway> 400, <gateway> 401"; the kind comes first.
    const kind = row.expected.split(':')[0] ?? row.expected;
    lines.add(`${describeExpectation(kind)}: baseline ${b} vs candidate ${c}`);
  }
  return [...lines];
}

const FIELD_LABEL: Readonly<Record<ContractField, string>> = { outcome: 'outcome', status: 'status', code: 'code', kind: 'kind', sdkClass: 'SDK class', bodyShape: 'body shape' };

/**
 * What differs, named with both values: "code none vs unauthorised, body shape llmgateway-flat vs
 * aistats-flat" — two rows that both read "401" still differ, and the reader sees where.
 */
export function differingText(row: Pick<ContractRow, 'baseline' | 'candidate' | 'differing'>): string {
  const value = (side: ContractSide | null, f: ContractField): string => {
    const v = side?.[f] ?? null;
    return v === null ? 'none' : String(v);
  };
  return row.differing.map((f) => `${FIELD_LABEL[f]} ${value(row.baseline, f)} vs ${value(row.candidate, f)}`).join(', ');
}

/** "401 invalid_api_key" — status and the gateway's own code, the two things handlers switch on. */
export function statusAndCode(side: ContractSide | null): string {
  if (!side) return 'not run';
  if (side.outcome === 'ok') return `${side.status ?? '–'} ok`;
  return `${side.status ?? 'no response'}${side.code ? ` ${side.code}` : ''}`;
}
