/**
 * Contract cases: the request is meant to fail (bad key, bad model, both), and how it fails
 * is the thing compared. Expected statuses default by expectError; a gateway that succeeds
 * or answers another status fails. Any difference between the gateways' answers (status,
 * code, kind) is reported as a finding even when both answer as expected, because
 * application error handling depends on it.
 */
import type { CaseResult, CheckOf, ContractSide } from '../gate/types.ts';
import type { Role } from '../gateway/types.ts';
import type { Sample } from '../run/sample.ts';
import type { ExpectedError, PromptCase } from '../suite/types.ts';

export interface ContractMetrics {
  expectError: ExpectedError;
  baselineExpected: string;
  candidateExpected: string;
  baselineStatus: number | null;
  candidateStatus: number | null;
  differs: boolean;
}

export type ContractCheck = CheckOf<'contract', ContractMetrics>;

/** An exact status, or any 4xx (null). */
type ExpectedStatus = number | null;

export const DEFAULT_CONTRACT_STATUS: Readonly<Record<ExpectedError, ExpectedStatus>> = {
  'invalid-key': 401,
  'invalid-model': 400,
  // LLM Gateway checks the model first (400), AI Stats the key first (401): either is a 4xx.
  'invalid-key-and-model': null,
};

export function expectedStatus(expectError: ExpectedError, role: Role, expect: PromptCase['expectStatus']): ExpectedStatus {
  return expect?.[role] ?? DEFAULT_CONTRACT_STATUS[expectError];
}

const describeStatus = (s: ExpectedStatus): string => (s === null ? 'any 4xx' : String(s));

export function contractSide(sample: Sample): ContractSide {
  if (sample.kind === 'ok') {
    return { outcome: 'ok', status: 200, code: null, kind: null, sdkClass: null, bodyShape: null, requestId: sample.requestId, stream: sample.stream };
  }
  const e = sample.error;
  return {
    outcome: 'error',
    status: e.status,
    code: e.code,
    kind: e.kind,
    sdkClass: e.sdkClass,
    bodyShape: e.bodyShape,
    requestId: e.requestId ?? sample.requestId,
    stream: sample.stream,
  };
}

/** One side per transport (the first repeat), for side-by-side display. */
function sidesByTransport(samples: readonly Sample[]): ContractSide[] {
  const first = new Map<boolean, Sample>();
  for (const s of [...samples].sort((a, b) => a.repeat - b.repeat)) if (!first.has(s.stream)) first.set(s.stream, s);
  return [...first.values()].sort((a, b) => Number(a.stream) - Number(b.stream)).map(contractSide);
}

function meets(side: ContractSide, expected: ExpectedStatus): boolean {
  if (side.outcome === 'ok' || side.status === null) return false;
  return expected === null ? side.status >= 400 && side.status < 500 : side.status === expected;
}

function problems(samples: readonly Sample[], expected: ExpectedStatus, gateway: string): string[] {
  const out = new Set<string>();
  for (const s of samples) {
    const side = contractSide(s);
    if (meets(side, expected)) continue;
    const got = side.outcome === 'ok' ? 'succeeded' : `answered ${side.status ?? `no status (${side.kind})`}`;
    out.add(`${gateway} ${got}${s.stream ? ' (stream)' : ''}, expected ${describeStatus(expected)}`);
  }
  return [...out];
}

export function contractCheck(
  testCase: PromptCase,
  baseline: readonly Sample[],
  candidate: readonly Sample[],
): { check: ContractCheck; contract: NonNullable<CaseResult['contract']>; findings: string[] } {
  const expectError = testCase.expectError ?? 'invalid-key';
  const baseExpected = expectedStatus(expectError, 'baseline', testCase.expectStatus);
  const candExpected = expectedStatus(expectError, 'candidate', testCase.expectStatus);
  const baseSides = sidesByTransport(baseline);
  const candSides = sidesByTransport(candidate);
  const baseName = baseline[0]?.gateway ?? 'baseline';
  const candName = candidate[0]?.gateway ?? 'candidate';
  const findings: string[] = [];
  let differs = false;
  for (const b of baseSides) {
    const c = candSides.find((side) => side.stream === b.stream);
    if (c === undefined) continue;
    const fields = (['status', 'code', 'kind'] as const).filter((f) => b[f] !== c[f]);
    if (fields.length === 0) continue;
    differs = true;
    const shown = fields.map((f) => `${f} ${String(b[f])} vs ${String(c[f])}`).join(', ');
    findings.push(`contract differs${b.stream ? ' (stream)' : ''}: ${baseName} vs ${candName}: ${shown}`);
  }
  const expected = `${expectError}: ${baseName} ${describeStatus(baseExpected)}, ${candName} ${describeStatus(candExpected)}`;
  const contract = { expected, baseline: baseSides, candidate: candSides, differs };
  const metrics: ContractMetrics = {
    expectError,
    baselineExpected: describeStatus(baseExpected),
    candidateExpected: describeStatus(candExpected),
    baselineStatus: baseSides[0]?.status ?? null,
    candidateStatus: candSides[0]?.status ?? null,
    differs,
  };
  if (candidate.length === 0 || baseline.length === 0) {
    return { check: { check: 'contract', verdict: 'inconclusive', reason: 'No samples on one side.', metrics }, contract, findings };
  }
  const wrong = [...problems(baseline, baseExpected, baseName), ...problems(candidate, candExpected, candName)];
  const note = differs ? ` The gateways answer differently (${findings.join('; ')}).` : '';
  const check: ContractCheck =
    wrong.length > 0
      ? { check: 'contract', verdict: 'fail', reason: `${wrong.join('; ')}.${note}`, metrics }
      : { check: 'contract', verdict: 'pass', reason: `Both gateways fail as expected (${expected}).${note}`, metrics };
  return { check, contract, findings };
}
