/** What report.json holds, and the one interface every output format implements (Vitest's reporters). */
import type { SerializedPools } from '../gate/distribution.ts';
import type { ArmSummary, CaseResult, RunVerdict } from '../gate/types.ts';
import type { ProfileName } from '../gateway/types.ts';
import type { RunPricing } from '../run/pricing.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface GatewayInfo {
  name: string;
  profile: ProfileName;
  /** Base URL with any credentials removed. Never a key. */
  baseURL: string;
  simulated: boolean;
}

/** Everything about a run, machine-readable; the single input of every reporter. */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'cutover'; version: string };
  runId: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  /** True when the run was interrupted; the cases listed are the ones that completed. */
  partial: boolean;
  shard?: { index: number; count: number };
  gateways: { baseline: GatewayInfo; candidate: GatewayInfo };
  storedBaseline: { file: string; status: 'loaded' | 'missing'; recordedAt: string | null; gateway: string | null };
  settings: { concurrency: { baseline: number; candidate: number }; repeat: number; warmup: number; strict: boolean };
  /** The definitions used (percentile method, tests, thresholds), printed in every report. */
  definitions: Record<string, string>;
  totals: { baseline: ArmSummary; candidate: ArmSummary; requests: number; durationMs: number };
  cases: CaseResult[];
  verdict: RunVerdict;
  /** Run-level observations that are not verdicts (gateway differences, estimated usage …). */
  findings: string[];
  /** Where prices came from: each gateway's catalog (fetched once, copied into the report folder) and `prices:`. */
  pricing?: RunPricing;
  /** Timing resolution of the measuring process during the requests (ms; p90 of its event-loop delay); latency differences within it are not attributed to the gateway. */
  timingResolutionMs?: number;
  /** Latency distributions per arm for plots: e2e and ttft values in ms (ok samples, non-contract). */
  distributions: {
    baseline: { e2eMs: number[]; ttftMs: number[] };
    candidate: { e2eMs: number[]; ttftMs: number[] };
  };
  /**
   * The distribution check's pooled permutation sums (docs/DISTRIBUTION.md), per reference arm:
   * what `merge` adds across shards to re-run the pooled test. Absent in reports from before it.
   */
  distributionPools?: SerializedPools;
  /** Relative paths of the files written in the report folder. */
  files: string[];
}

/**
 * Cases as reporters read them, in suite order: an array in memory, or a list read back from
 * disk one case at a time (src/run/case-log.ts), so a big suite's results are never all in memory
 * at once. Reporters use only `length`, `at(i)` and for…of (possibly several passes), never
 * array methods; an array satisfies this interface.
 */
export interface CaseSource extends Iterable<CaseResult> {
  readonly length: number;
  at(index: number): CaseResult | undefined;
}

/** What reporters render: a RunReport whose cases may be streamed from disk. */
export type ReportInput = Omit<RunReport, 'cases'> & { cases: CaseSource };

export interface ReporterContext {
  /** Absolute path of the report folder. */
  outDir: string;
  /** The report folder as the user named it (e.g. relative `reports/…`), for display; defaults to outDir. */
  displayDir?: string;
  /** Injected clock for reproducible output. */
  now: () => Date;
  /** A case's `file` as CI annotations name it (relative to the CI checkout); the file as is when absent. */
  sourcePath?: (caseFile: string) => string;
}

export interface Reporter {
  /** Format name as used by `--reporter`. */
  readonly name: string;
  /** File name written in the report folder, or null for reporters that print to the run's log. */
  readonly file: string | null;
  /**
   * Pure: render the report to the text of its file (or its log lines), as chunks (joined, they
   * are the file), so a big report is written as it is rendered and never held whole in memory.
   */
  render(report: ReportInput, ctx: ReporterContext): Generator<string, void, undefined>;
  /** Pure: Markdown for the CI job summary (GitHub's $GITHUB_STEP_SUMMARY), appended once per run. */
  jobSummary?(report: ReportInput, ctx: ReporterContext): Generator<string, void, undefined>;
}
