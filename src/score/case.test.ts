import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { findCheck } from '../gate/types.ts';
import { scoreCase } from './case.ts';
import { arm, errorSample, okSample, promptCase } from './test-samples.test-util.ts';

const thresholds = ThresholdsSchema.parse({});
const fast = [100, 102, 98, 101, 99, 103, 97];
const check = (r: ReturnType<typeof scoreCase>, name: string) => r.checks.find((c) => c.check === name);

describe('scoreCase', () => {
  it('passes a candidate that answers the same, as fast and as cheap', () => {
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate: arm('candidate', fast), stored: arm('baseline', fast), status: 'compared', thresholds });
    expect(r.verdict).toBe('pass');
    expect(r.diff).toBeUndefined();
    expect(check(r, 'similarity')?.metrics).toMatchObject({ vsStored: 1, vsLive: 1, referenceFrom: 'stored' });
  });

  it('fails on changed output and fills the diff from the stored baseline', () => {
    const candidate = arm('candidate', fast, { text: 'I cannot help with geography questions today, sorry.' });
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate, stored: arm('baseline', fast), status: 'compared', thresholds });
    expect(r.verdict).toBe('fail');
    expect(check(r, 'similarity')?.verdict).toBe('fail');
    expect(r.diff).toMatchObject({ referenceFrom: 'stored', reference: 'Paris is the capital of France.' });
  });

  it('a stale case is compared with the live baseline only and says so', () => {
    const stored = arm('baseline', fast, { text: 'an old answer to an old prompt entirely' });
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate: arm('candidate', fast), stored, status: 'stale', thresholds });
    expect(r.verdict).toBe('pass');
    expect(findCheck(r.checks, 'similarity')?.metrics.referenceFrom).toBe('live');
    expect(r.findings.join('\n')).toMatch(/stale baseline/);
  });

  it('unknown cost is inconclusive with a finding, never zero', () => {
    const candidate = arm('candidate', fast, { cost: { source: 'unknown', nanos: null } });
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate, stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'cost')?.verdict).toBe('inconclusive');
    expect(r.candidate.costNanos).toBeNull();
    expect(r.findings).toContain('cost unknown for AI Stats Gateway');
    expect(r.verdict).toBe('inconclusive');
  });

  it('cost unknown on both sides is not measured: shown with its reason, not inconclusive, and the case passes', () => {
    const unknown = { cost: { source: 'unknown', nanos: null } } as const;
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast, unknown), candidate: arm('candidate', fast, unknown), stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'cost')?.verdict).toBe('not-measured');
    expect(check(r, 'cost')?.reason).toBe('cost unknown for LLM Gateway and AI Stats Gateway');
    expect(r.verdict).toBe('pass');
  });

  it('one candidate error where the baseline had none passes as not significant (Fisher p = 0.5): no blame without evidence', () => {
    const candidate = [
      ...arm('candidate', fast.slice(0, 6)),
      errorSample({ kind: 'server', status: 500, requestId: 'G-42' }, { role: 'candidate', gateway: 'AI Stats Gateway', repeat: 6 }),
    ];
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate, stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'errors')?.verdict).toBe('pass');
    expect(check(r, 'errors')?.reason).toMatch(/looks higher on the candidate .*Fisher p = 0\.500.*treated as noise.*G-42/);
  });

  it('many candidate errors where the baseline had none fail', () => {
    const ok = Array.from({ length: 30 }, (_, i) => 100 + i);
    const candidate = [...arm('candidate', ok.slice(0, 20)), ...Array.from({ length: 10 }, (_, i) => errorSample({ kind: 'server', status: 500 }, { role: 'candidate', repeat: 20 + i }))];
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', ok), candidate, stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'errors')?.verdict).toBe('fail');
    expect(check(r, 'errors')?.reason).toMatch(/^Error rate higher on the candidate: candidate 33\.3 % \(10\/30\) vs baseline 0\.0 % \(0\/30\)/);
  });

  it('tools ignored by one gateway only fails features, naming the gateway', () => {
    const c = promptCase({ params: { temperature: 0, tools: [{ type: 'function', function: { name: 'weather' } }] } });
    const baseline = arm('baseline', fast, { text: '', toolCalls: [] });
    const candidate = arm('candidate', fast, { text: '', toolCalls: [{ name: 'weather', arguments: '{}' }] });
    const r = scoreCase({ case: c, baseline, candidate, stored: null, status: 'new', thresholds });
    expect(check(r, 'features')?.verdict).toBe('fail');
    expect(check(r, 'features')?.reason).toMatch(/tools-ignored on LLM Gateway only/);
  });

  it('assertions run on candidate outputs (json-schema via ajv)', () => {
    const c = promptCase({ compare: 'json', assertions: [{ type: 'json-schema', value: { type: 'object', required: ['city'] } }] });
    const r = scoreCase({
      case: c,
      baseline: arm('baseline', fast, { text: '{"city":"Paris"}' }),
      candidate: arm('candidate', fast, { text: '{"town":"Paris"}' }),
      stored: null,
      status: 'no-baseline',
      thresholds,
    });
    expect(check(r, 'assertions')?.verdict).toBe('fail');
    expect(check(r, 'assertions')?.reason).toMatch(/city/);
  });

  it('streamed text that differs from non-streamed text on the candidate only fails the stream check', () => {
    const c = promptCase({ streamModes: [false, true] });
    const info = { frames: 5, sawDone: false, usageFrames: 1, completeBy: 'finish_reason+usage', framesAfterDone: 0, finalCompletionFrame: false } as const;
    const baseline = [...arm('baseline', fast), okSample({ stream: true, streamInfo: info, repeat: 0 })];
    const candidate = [
      ...arm('candidate', fast),
      okSample({ role: 'candidate', gateway: 'AI Stats Gateway', stream: true, streamInfo: info, text: 'Paris.' }),
    ];
    const r = scoreCase({ case: c, baseline, candidate, stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'stream')?.verdict).toBe('fail');
  });

  it("a gateway's estimated or missing token counts are shown beside reported ones but never gated (no false −68 %)", () => {
    const estimated = { usage: { promptTokens: 3, completionTokens: 2, cachedTokens: 0, source: 'gateway-estimated' } } as const;
    const r = scoreCase({ case: promptCase(), baseline: arm('baseline', fast, estimated), candidate: arm('candidate', fast), stored: null, status: 'no-baseline', thresholds });
    expect(check(r, 'tokens')).toMatchObject({ verdict: 'not-comparable', metrics: { baselineSource: 'gateway-estimated', candidateSource: 'reported' } });
    expect(check(r, 'tokens')?.reason).toMatch(/not like for like/);
    const missing = { usage: { promptTokens: 40, completionTokens: 30, cachedTokens: 0, source: 'missing' }, cost: { source: 'estimated', nanos: 5000 } } as const;
    const m = scoreCase({ case: promptCase(), baseline: arm('baseline', fast), candidate: arm('candidate', fast, missing), stored: null, status: 'no-baseline', thresholds });
    expect(check(m, 'tokens')?.verdict).toBe('not-comparable');
    expect(check(m, 'cost')?.verdict).toBe('not-comparable');
    expect(m.candidate).toMatchObject({ usageSource: 'missing', costSource: 'estimated' });
    expect(m.verdict).toBe('pass');
  });

  it("the stream check does not pass when the baseline's streams were truncated (inconclusive, named)", () => {
    const c = promptCase({ streamModes: [false, true] });
    const info = { frames: 5, sawDone: false, usageFrames: 1, completeBy: 'finish_reason+usage', framesAfterDone: 0, finalCompletionFrame: false } as const;
    const baseline = [
      ...arm('baseline', fast),
      errorSample({ kind: 'truncated-stream', status: 200 }, { stream: true, repeat: 0 }),
      errorSample({ kind: 'truncated-stream', status: 200 }, { stream: true, repeat: 1 }),
    ];
    const candidate = [...arm('candidate', fast), okSample({ role: 'candidate', gateway: 'AI Stats Gateway', stream: true, streamInfo: info })];
    const r = scoreCase({ case: c, baseline, candidate, stored: null, status: 'no-baseline', thresholds });
    const stream = check(r, 'stream');
    expect(stream?.metrics).toMatchObject({ baselineStreamProblems: 2, candidateStreamProblems: 0 });
    // Not a pass: the candidate's complete streams are said, but there was no sound baseline to pass them against.
    expect(stream?.verdict).toBe('inconclusive');
    expect(stream?.reason).toMatch(/^AI Stats Gateway streams complete and consistent, but LLM Gateway streams were not \(2: repeat 0: truncated-stream; repeat 1: truncated-stream\)/);
    expect(r.verdict).not.toBe('pass');
  });

  it('contract cases only run the contract check', () => {
    const c = promptCase({ expectError: 'invalid-model' });
    const r = scoreCase({
      case: c,
      baseline: [errorSample({ kind: 'invalid-model', status: 400 })],
      candidate: [errorSample({ kind: 'invalid-model', status: 400 }, { role: 'candidate', gateway: 'AI Stats Gateway' })],
      stored: null,
      status: 'no-baseline',
      thresholds,
    });
    expect(r.checks.map((x) => x.check)).toEqual(['contract']);
    expect(r.verdict).toBe('pass');
    expect(r.contract?.differs).toBe(false);
  });
});
