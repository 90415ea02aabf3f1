/** Outcomes of scoring: one CheckResult per check, combined into a verdict per case and run. */
import type { Cost, ErrorKind, NormalisedError, UsageSource } from '../gateway/types.ts';
import type { AssertionsCheck } from '../score/assertions.ts';
import type { ContractCheck } from '../score/contract.ts';
import type { CostCheck } from '../score/cost.ts';
import type { ErrorsCheck } from '../score/errors.ts';
import type { FeaturesCheck } from '../score/features.ts';
import type { AppLatencyCheck, LatencyCheck, TtftCheck } from '../score/latency.ts';
import type { FirstAttemptCheck } from '../score/first-attempt.ts';
import type { SimilarityCheck } from '../score/similarity-check.ts';
import type { StreamCheck } from '../score/stream.ts';
import type { TokensCheck } from '../score/tokens.ts';
import type { DistributionCheck, DistributionNulls } from '../score/distribution.ts';
import type { OverallDistributionCheck } from './distribution.ts';
import type { OverallCostCheck, OverallLatencyCheck } from './overall.ts';
import type { OverallErrorsCheck, OverallFirstAttemptCheck, SloCheck } from './overall-errors.ts';

/** Verdict of a case or of the run. */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'skipped';

/**
 * Verdict of one check. Besides the case verdicts:
 * - `not-measured`: neither side could measure it (no cost source, no streamed sample) — shown
 *   with its reason, never gated, never counted as inconclusive;
 * - `not-comparable`: both sides measured, but not like for like (a gateway ignored a requested
 *   feature, tokens counted by different tokenizers) — shown with both sides, never gated.
 * `inconclusive` always means "measured, not enough evidence".
 */
export type CheckVerdict = Verdict | 'not-measured' | 'not-comparable';

/** Check verdicts that take no part in the gate (neither pass, fail nor inconclusive). */
export const UNGATED: ReadonlySet<CheckVerdict> = new Set<CheckVerdict>(['not-measured', 'not-comparable']);

/**
 * One check's result: a variant keyed by `check`, with the numbers behind the verdict typed per
 * check (each check's file declares its metrics). The gate reads only typed fields.
 */
export interface CheckOf<N extends string, M extends object> {
  check: N;
  verdict: CheckVerdict;
  /** One sentence a person can act on. */
  reason: string;
  /** The numbers behind the verdict (ratios, p-values, sample counts), for reports. */
  metrics: M;
}

/** What every check result has, whatever its variant: what generic renderers (junit, html chips) read. */
export type AnyCheck = CheckOf<string, object>;

export type CheckResult =
  | SimilarityCheck // output vs stored baseline and live control
  | LatencyCheck // E2E p50/p95(/p99) ratio + significance
  | TtftCheck // streamed cases: time to first token
  | AppLatencyCheck // what the application waited: retries and back-off included
  | FirstAttemptCheck // first-attempt errors per kind, whatever the retries hid
  | CostCheck
  | TokensCheck
  | ErrorsCheck // error rate of ordinary cases
  | ContractCheck // expected failure modes (invalid key / model)
  | AssertionsCheck // contains / regex / equals / json-schema
  | StreamCheck // stream well-formed and complete, streamed == non-streamed
  | FeaturesCheck // request features (tools, response_format, array content) honoured
  | DistributionCheck; // temperature > 0: same output distribution (MMD two-sample test)

export type CheckName = CheckResult['check'];

/** The variant of check `N`. */
export type CheckNamed<N extends CheckName> = Extract<CheckResult, { check: N }>;

/** A case's check of the given name, typed as that check's variant. */
export function findCheck<N extends CheckName>(checks: readonly CheckResult[], name: N): CheckNamed<N> | undefined {
  return checks.find((c): c is CheckNamed<N> => c.check === name);
}

/** Run-level checks (over all cases), in RunVerdict.overall. */
export type RunCheck = OverallLatencyCheck | OverallErrorsCheck | OverallFirstAttemptCheck | SloCheck | OverallCostCheck | OverallDistributionCheck;

export interface Percentiles {
  n: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** One gateway's side of one case. */
export interface ArmSummary {
  gateway: string;
  samples: number;
  ok: number;
  errors: number;
  errorKinds: Partial<Record<ErrorKind, number>>;
  retries: number;
  e2eMs: Percentiles;
  ttftMs: Percentiles | null;
  promptTokens: number;
  completionTokens: number;
  /** Where the token counts came from (provenance.ts); 'mixed' when the samples differ, 'none' without successful samples. */
  usageSource: UsageSource | 'mixed' | 'none';
  /** Sum over samples; null when any sample's cost is unknown. */
  costNanos: number | null;
  costSource: Cost['source'] | 'mixed';
  /** Request ids of failed requests, for follow-up with the gateway's support. */
  errorRequestIds: string[];
  /** Per error kind: how the client saw it and the first message (reports older than this lack it). */
  errorDetail?: ErrorDetail;
  /** First output text (for diffs), truncated for reports. */
  sampleText: string | null;
}

/**
 * How each kind of error reached the client: the distinct answers ("502 (non-stream)",
 * "200 + event: error (stream)") and the first message, e.g. "2xx body is not JSON (text/html, 1.2 KB)".
 */
export type ErrorDetail = Partial<Record<ErrorKind, { seenAs: string[]; example: string }>>;

export interface ContractSide {
  outcome: 'error' | 'ok';
  status: number | null;
  code: string | null;
  kind: ErrorKind | null;
  sdkClass: string | null;
  bodyShape: string | null;
  requestId: string | null;
  stream: boolean;
}

export type CaseStatus = 'compared' | 'new' | 'stale' | 'no-baseline';

export interface CaseResult {
  caseId: string;
  hash: string;
  file: string;
  /** 1-based line of the case in `file` (absent in reports written before it was recorded). */
  line?: number;
  tags: string[];
  compare: string;
  streamModes: boolean[];
  status: CaseStatus;
  verdict: Verdict;
  checks: CheckResult[];
  baseline: ArmSummary;
  candidate: ArmSummary;
  /** Stored baseline output when the candidate's output differs (for side-by-side diffs). */
  diff?: { reference: string; candidate: string; referenceFrom: 'stored' | 'live'; similarity: number };
  /** Contract cases: each gateway's answer side by side (one per transport). */
  contract?: { expected: string; baseline: ContractSide[]; candidate: ContractSide[]; differs: boolean };
  findings: string[];
  /**
   * Transient: the distribution check's permutation distributions, for the run's pooled test.
   * Taken (and removed) by the run before the case is written or digested; never in a report.
   */
  distributionNulls?: DistributionNulls;
  /** Set when a gateway ignored a requested feature: the reasons; the case is left out of the cost and token totals. */
  notComparable?: string[];
}

/**
 * The run's verdict. Besides what the checks found (pass / fail / inconclusive): `incomplete` —
 * not every planned request was measured (interrupted, or requests missing), never a pass; and
 * `empty` — an `--shard` slice holding no case, nothing measured (passes, so the CI matrix can
 * go on to `merge`).
 */
export type RunVerdictKind = Exclude<Verdict, 'skipped'> | 'incomplete' | 'empty';

/** What an incomplete run measured of what it planned (src/gate/complete.ts). */
export interface Incomplete {
  /** Stopped by Ctrl-C / SIGTERM (exit 130), rather than requests gone missing. */
  interrupted: boolean;
  /** Measured requests that completed (warm-up excluded). */
  completed: number;
  /** Measured requests the run meant to send; null when not known (a report from an older cutover). */
  planned: number | null;
}

export interface RunVerdict {
  verdict: RunVerdictKind;
  /** Whether CI should pass: verdict 'pass', 'empty', or 'inconclusive' without --strict. Set by gateRun. */
  passes?: boolean;
  /** Set (and verdict 'incomplete') when the run did not measure everything it planned. */
  incomplete?: Incomplete;
  counts: Record<Verdict, number>;
  /** Failing cases and which checks failed, in suite order. */
  failing: Array<{ caseId: string; checks: CheckName[]; reasons: string[] }>;
  /** Run-level reasons (overall latency, error rate, total cost …). */
  reasons: string[];
  overall: RunCheck[];
}

export type { NormalisedError };
