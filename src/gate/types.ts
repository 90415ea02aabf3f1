/** Outcomes of scoring: one CheckResult per check, combined into a verdict per case and run. */
import type { Cost, ErrorKind, NormalisedError } from '../gateway/types.ts';

export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'skipped';

export type CheckName =
  | 'similarity' // output vs stored baseline and live control
  | 'latency' // E2E p50/p95(/p99) ratio + significance
  | 'ttft' // streamed cases: time to first token
  | 'cost'
  | 'tokens'
  | 'errors' // error rate of ordinary cases
  | 'contract' // expected failure modes (invalid key / model)
  | 'assertions' // contains / regex / equals / json-schema
  | 'stream' // stream well-formed and complete, streamed == non-streamed
  | 'features'; // request features (tools, response_format, array content) honoured

export interface CheckResult {
  check: CheckName;
  verdict: Verdict;
  /** One sentence a person can act on. */
  reason: string;
  /** The numbers behind the verdict (ratios, p-values, sample counts), for reports. */
  metrics: Record<string, number | string | boolean | null>;
}

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
  usageSource: 'reported' | 'estimated' | 'mixed' | 'none';
  /** Sum over samples; null when any sample's cost is unknown. */
  costNanos: number | null;
  costSource: Cost['source'] | 'mixed';
  /** Request ids of failed requests, for follow-up with the gateway's support. */
  errorRequestIds: string[];
  /** First output text (for diffs), truncated for reports. */
  sampleText: string | null;
}

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
  overall: CheckResult[];
}

export type { NormalisedError };
