/** Number and text formatting shared by every report format (one place, so all formats agree). */
import type { ErrorKind } from '../gateway/types.ts';
import type { ReportInput } from './types.ts';
import type { ArmSummary, CaseResult, CheckResult, CheckVerdict, RunVerdict, RunVerdictKind, Verdict } from '../gate/types.ts';
import { incompleteHeadline } from '../gate/complete.ts';

const NANOS_PER_USD = 1_000_000_000n;

/** Exact decimal USD from integer nanos ("0.000123456"); no float rounding, trailing zeros trimmed. */
export function usdFromNanos(nanos: number): string {
  const n = BigInt(Math.round(nanos));
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / NANOS_PER_USD;
  const frac = (abs % NANOS_PER_USD).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Human cost: "$0.0123 (catalog)" or "unknown"; small amounts keep 4 significant digits. */
export function formatCost(arm: Pick<ArmSummary, 'costNanos' | 'costSource'>): string {
  if (arm.costNanos === null) return 'unknown';
  return `${formatUsd(arm.costNanos)} (${arm.costSource})`;
}

/** Tokens with their source: "1,234 (reported)"; "–" without successful requests. */
export function formatTokens(arm: Pick<ArmSummary, 'promptTokens' | 'completionTokens' | 'usageSource'>): string {
  if (arm.usageSource === 'none') return '–';
  return `${formatInt(arm.promptTokens + arm.completionTokens)} (${arm.usageSource})`;
}

/** One line per error kind: "upstream-failed ×4 as 500 (non-stream), 200 + event: error (stream): 500 upstream_error: Error from provider: 500 …". */
export function errorLines(arm: Pick<ArmSummary, 'errorKinds' | 'errorDetail'>): string[] {
  return (Object.entries(arm.errorKinds) as Array<[ErrorKind, number]>)
    .filter(([kind]) => kind !== 'interrupted')
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => {
      const d = arm.errorDetail?.[kind];
      return d ? `${kind} ×${n} as ${d.seenAs.join(', ')} — ${d.example}` : `${kind} ×${n}`;
    });
}

/** Where each side's prices came from, in one sentence per side (catalogs read at run time, `prices:`). */
export function pricingLines(report: Pick<ReportInput, 'pricing' | 'totals' | 'gateways'>): string[] {
  const p = report.pricing;
  if (!p) return [];
  return (['baseline', 'candidate'] as const).flatMap((role) => {
    const arm = report.totals[role];
    const cat = p.catalogs.find((c) => c.role === role);
    if (!cat) return [];
    const catalog =
      cat.error === null
        ? `catalog read ${cat.fetchedAt ?? '?'} (${cat.priced} of ${cat.models} models priced; copy in ${cat.file ?? '-'})`
        : `catalog not readable: ${cat.error}`;
    return [`${role} ${report.gateways[role].name}: cost ${arm.costSource}, usage ${arm.usageSource}; ${catalog}; prices: ${p.configured} configured`];
  });
}

export function formatUsd(nanos: number): string {
  const usd = nanos / 1e9;
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}`;
}

/** Milliseconds for people: "842 ms", "1.42 s"; "–" when absent. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

/** A share as a percentage: 0.0123 → "1.2 %"; exact zero stays "0 %". */
export function formatPercent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  if (share === 0) return '0 %';
  const pct = share * 100;
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)} %`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(2)}×`;
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function errorRate(arm: Pick<ArmSummary, 'samples' | 'errors'>): number | null {
  return arm.samples === 0 ? null : arm.errors / arm.samples;
}

/** Candidate / baseline, or null when either side is missing or the baseline is zero. */
export function ratio(candidate: number | null, baseline: number | null): number | null {
  if (candidate === null || baseline === null || baseline === 0) return null;
  return candidate / baseline;
}

export function failingChecks(c: CaseResult): CheckResult[] {
  return c.checks.filter((check) => check.verdict === 'fail');
}

/** Similarity of the candidate's output, from the diff or the similarity check's gated score. */
export function caseSimilarity(c: CaseResult): number | null {
  if (c.diff) return c.diff.similarity;
  for (const check of c.checks) {
    if (check.check !== 'similarity') continue;
    const m = check.metrics;
    return (m.referenceFrom === 'stored' ? m.vsStored : m.vsLive) ?? null;
  }
  return null;
}

/** Sort order that puts what needs attention first. */
export const VERDICT_RANK: Record<Verdict, number> = { fail: 0, inconclusive: 1, pass: 2, skipped: 3 };

/** A check verdict as people read it ("not measured"). */
export function checkVerdictLabel(verdict: CheckVerdict): string {
  return verdict.replace('-', ' ');
}

/** Label of a contract case's expectation, as people say it. */
export function describeExpectation(expected: string): string {
  switch (expected) {
    case 'invalid-key':
      return 'bad key';
    case 'invalid-model':
      return 'bad model';
    case 'invalid-key-and-model':
      return 'both bad key and bad model';
    default:
      return expected;
  }
}

export function transportName(stream: boolean): string {
  return stream ? 'stream' : 'non-stream';
}

/** Cut a list to `max` items; the caller prints "… and N more" for the rest. */
export function truncateList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/**
 * The run's verdict as every report heads it: PASS, FAIL, INCONCLUSIVE, "INTERRUPTED after N of M
 * requests" (an incomplete run), or EMPTY SHARD. Why is the first of the verdict's reasons.
 */
export function verdictHeadline(v: Pick<RunVerdict, 'verdict' | 'incomplete'>): string {
  if (v.verdict === 'incomplete') return v.incomplete ? incompleteHeadline(v.incomplete) : 'INCOMPLETE';
  if (v.verdict === 'empty') return 'EMPTY SHARD';
  return v.verdict.toUpperCase();
}

/** One emoji per run verdict (Markdown summaries). */
export const RUN_VERDICT_EMOJI: Record<RunVerdictKind, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️', incomplete: '⛔', empty: '⏭️' };

/** The run-level baseline-drift finding starts with this (run/findings.ts writes it). */
export const DRIFT_HEADLINE = 'Baseline drift:';

/** The run-level finding naming cases left out of the totals (a gateway ignored a requested feature) starts with this (run/eval.ts). */
export const NOT_COMPARABLE_HEADLINE = 'Not comparable:';

/** Run findings a reader must see next to the verdict and the totals (terminal, summary.md), not only in report.json. */
export function headlineFindings(findings: readonly string[]): string[] {
  return findings.filter((f) => f.startsWith(DRIFT_HEADLINE) || f.startsWith(NOT_COMPARABLE_HEADLINE));
}
