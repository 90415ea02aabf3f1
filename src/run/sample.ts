/** One request's outcome: the unit that flows from the runner to scoring, disk and reports. */
import type { Cost, ErrorKind, NormalisedError, Role, StreamInfo, ToolCall, Usage } from '../gateway/types.ts';

/** How the first attempt of a request ended: null when it succeeded. */
export type FirstError = { kind: ErrorKind; status: number | null } | null;

export interface Timings {
  /** Time spent waiting for a concurrency slot; never counted as latency. */
  queuedMs: number;
  /** First chunk with non-empty content or a tool-call delta (streamed only). */
  ttftMs: number | null;
  /** Until the body is read / the stream closes (last attempt only). */
  e2eMs: number;
  /**
   * What the application waited: first attempt start → final outcome, retries and back-off
   * included (equals e2eMs without retries). Absent in samples recorded before it was measured.
   */
  appMs?: number;
  /**
   * Time per output token, streamed only: (last − first content chunk time) ÷ (completion tokens − 1)
   * when the gateway reported the count (`tpotPer: 'token'`), else ÷ (content chunks − 1) (`'chunk'`).
   */
  tpotMs: number | null;
  tpotPer?: 'token' | 'chunk';
  /** Largest gap between two content chunks (streamed only). */
  maxGapMs: number | null;
}

interface SampleBase {
  role: Role;
  gateway: string;
  caseId: string;
  caseHash: string;
  /** 0-based repeat index. */
  repeat: number;
  stream: boolean;
  /** Model id actually sent to this gateway (after alias mapping). */
  model: string;
  timings: Timings;
  /** Retries the visible retry policy made before this final outcome. */
  retries: number;
  /**
   * The first attempt's error (null: it succeeded), whatever the retries made of it afterwards,
   * so a failure a retry hid still counts. Absent in samples recorded before it was measured.
   */
  firstError?: FirstError;
  requestId: string | null;
  /** Wall-clock start, ISO 8601 (for reports only; never used for latency). */
  startedAt: string;
}

export interface OkSample extends SampleBase {
  kind: 'ok';
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage;
  cost: Cost;
  streamInfo?: StreamInfo;
  /** Things observed that are not errors but matter for a migration (e.g. `tools-dropped`). */
  findings: string[];
}

export interface ErrorSample extends SampleBase {
  kind: 'error';
  error: NormalisedError;
  /** Partial content of a stream that failed mid-way, if any. */
  text?: string;
  streamInfo?: StreamInfo;
}

export type Sample = OkSample | ErrorSample;
