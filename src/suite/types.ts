/** A golden prompt, validated, frozen and hashed. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** A string, or an array of content parts (multimodal) sent as-is. */
  content: string | Array<Record<string, unknown>>;
  name?: string | undefined;
  tool_call_id?: string | undefined;
}

export type CompareMode = 'text' | 'json' | 'exact' | 'none';

/** Contract cases: the request is meant to fail, and how it fails is the thing compared. */
export type ExpectedError = 'invalid-key' | 'invalid-model' | 'invalid-key-and-model';

export type Assertion =
  | { type: 'contains'; value: string }
  | { type: 'regex'; value: string }
  | { type: 'equals'; value: string }
  | { type: 'json-schema'; value: Record<string, unknown> };

/** Request parameters forwarded to the gateway (snake_case as on the wire). */
export interface RequestParams {
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  seed?: number;
  response_format?: Record<string, unknown>;
  tools?: Array<Record<string, unknown>>;
  tool_choice?: unknown;
}

export interface CaseThresholds {
  /** Minimum similarity (0..1) to the baseline, below the noise floor margin it fails. */
  similarity?: number | undefined;
  /** Relative p50 / p95 latency increase that counts as a regression (0.10 = +10 %). */
  latencyP50?: number | undefined;
  latencyP95?: number | undefined;
}

export interface PromptCase {
  readonly id: string;
  /** The suite file it came from, relative to the project root (for messages). */
  readonly file: string;
  /** 1-based line where the case starts in that file (CI annotations point there). */
  readonly line: number;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The model as the application writes it (e.g. `gpt-4o`); mapped per gateway by the alias function. */
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly params: Readonly<RequestParams>;
  /** Which transports to exercise: [false], [true] or [false, true]. */
  readonly streamModes: readonly boolean[];
  readonly repeat: number;
  readonly compare: CompareMode;
  readonly thresholds: Readonly<CaseThresholds>;
  readonly assertions: readonly Assertion[];
  readonly expectError?: ExpectedError;
  /** Expected HTTP status per gateway role for contract cases (defaults by expectError). */
  readonly expectStatus?: Readonly<{ baseline?: number | undefined; candidate?: number | undefined }>;
  /** sha256 (hex, 16 chars) over everything that changes the request. */
  readonly hash: string;
}
