/** One request's outcome: the unit that flows from the runner to scoring, disk and reports. */
import type { Cost, NormalisedError, Role, StreamInfo, ToolCall, Usage } from '../gateway/types.ts';

export interface Timings {
  /** Time spent waiting for a concurrency slot; never counted as latency. */
  queuedMs: number;
  /** First chunk with non-empty content or a tool-call delta (streamed only). */
  ttftMs: number | null;
  /** Until the body is read / the stream closes (last attempt only). */
  e2eMs: number;
  /** (last token time − first token time) / (n − 1); streamed only. */
  tpotMs: number | null;
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
