/** results.csv: one row per case × gateway, for spreadsheets and ad-hoc analysis. */
import { stringify } from 'csv-stringify/sync';
import type { ArmSummary, CaseResult } from '../gate/types.ts';
import type { Role } from '../gateway/types.ts';
import type { Reporter } from './types.ts';
import { caseSimilarity, failingChecks, usdFromNanos } from './format.ts';

export const CSV_COLUMNS = [
  'caseId',
  'gateway',
  'role',
  'verdict',
  'status',
  'samples',
  'ok',
  'errors',
  'p50_e2e_ms',
  'p95_e2e_ms',
  'p50_ttft_ms',
  'prompt_tokens',
  'completion_tokens',
  'usage_source',
  'cost_usd',
  'cost_source',
  'similarity',
  'failing_checks',
] as const;

type Cell = string | number;

function row(c: CaseResult, role: Role, arm: ArmSummary): Cell[] {
  const ms = (v: number | null | undefined): Cell => (v === null || v === undefined ? '' : Math.round(v * 10) / 10);
  const similarity = role === 'candidate' ? caseSimilarity(c) : null;
  return [
    c.caseId,
    arm.gateway,
    role,
    c.verdict,
    c.status,
    arm.samples,
    arm.ok,
    arm.errors,
    ms(arm.e2eMs.p50),
    ms(arm.e2eMs.p95),
    ms(arm.ttftMs?.p50),
    arm.promptTokens,
    arm.completionTokens,
    arm.usageSource,
    // Unknown cost stays empty, never 0 (a spreadsheet would sum it as free).
    arm.costNanos === null ? '' : usdFromNanos(arm.costNanos),
    arm.costSource,
    similarity === null ? '' : Math.round(similarity * 10_000) / 10_000,
    failingChecks(c)
      .map((check) => check.check)
      .join(';'),
  ];
}

export const csvReporter: Reporter = {
  name: 'csv',
  file: 'results.csv',
  // Header first, then two rows per case as it is read; each is quoted exactly as one big stringify would.
  *render(report) {
    yield stringify([[...CSV_COLUMNS]]);
    for (const c of report.cases) {
      yield stringify([row(c, 'baseline', c.baseline), row(c, 'candidate', c.candidate)]);
    }
  },
};
