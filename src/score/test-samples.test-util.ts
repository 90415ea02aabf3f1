/** Sample builders for tests. */
import type { ErrorKind, NormalisedError } from '../gateway/types.ts';
import type { ErrorSample, OkSample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';

export function okSample(over: Partial<OkSample> = {}): OkSample {
  return {
    kind: 'ok',
    role: 'baseline',
    gateway: 'LLM Gateway',
    caseId: 'case-1',
    caseHash: 'h1',
    repeat: 0,
    stream: false,
    model: 'gpt-4o',
    timings: { queuedMs: 0, ttftMs: null, e2eMs: 100, tpotMs: null, maxGapMs: null },
    retries: 0,
    requestId: 'req-1',
    startedAt: '2025-01-01T00:00:00.000Z',
    text: 'Paris is the capital of France.',
    toolCalls: [],
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 8, cachedTokens: 0, source: 'reported' },
    cost: { source: 'configured', nanos: 1000 },
    findings: [],
    ...over,
  };
}

export function errorSample(error: Partial<NormalisedError> & { kind: ErrorKind }, over: Partial<ErrorSample> = {}): ErrorSample {
  return {
    kind: 'error',
    role: 'baseline',
    gateway: 'LLM Gateway',
    caseId: 'case-1',
    caseHash: 'h1',
    repeat: 0,
    stream: false,
    model: 'gpt-4o',
    timings: { queuedMs: 0, ttftMs: null, e2eMs: 50, tpotMs: null, maxGapMs: null },
    retries: 0,
    requestId: null,
    startedAt: '2025-01-01T00:00:00.000Z',
    error: { status: null, code: null, message: 'failed', requestId: null, sdkClass: null, bodyShape: 'none', ...error },
    ...over,
  };
}

export function promptCase(over: Partial<PromptCase> = {}): PromptCase {
  return {
    id: 'case-1',
    file: 'prompts/basic.yaml',
    line: 1,
    tags: [],
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Capital of France?' }],
    params: { temperature: 0 },
    streamModes: [false],
    repeat: 5,
    compare: 'text',
    thresholds: {},
    assertions: [],
    hash: 'h1',
    ...over,
  };
}

/** n repeats of an ok sample for one role, with given latencies. */
export function arm(role: 'baseline' | 'candidate', e2eMs: readonly number[], over: Partial<OkSample> = {}): OkSample[] {
  const gateway = role === 'baseline' ? 'LLM Gateway' : 'AI Stats Gateway';
  return e2eMs.map((ms, repeat) =>
    okSample({ role, gateway, repeat, timings: { queuedMs: 0, ttftMs: null, e2eMs: ms, tpotMs: null, maxGapMs: null }, ...over }),
  );
}
