import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import { AIS_ERRORS, LLM_ERRORS, type CapturedError } from './captures.fixture.ts';
import { normaliseError, parseRetryAfter, sdkClassForStatus } from './errors.ts';
import type { ProfileName } from './types.ts';

function norm(c: CapturedError, profile: ProfileName) {
  return normaliseError({ status: c.status, headers: new Headers(c.headers), bodyText: c.body, sdkClass: null, profile });
}

describe('normaliseError: LLM Gateway shapes', () => {
  const cases = [
    [LLM_ERRORS.C30_badKey, 'auth', null, 'llmgateway-flat', 'AuthenticationError'],
    [LLM_ERRORS.C31_unknownModel, 'invalid-model', null, 'llmgateway-flat', 'BadRequestError'],
    [LLM_ERRORS.C40_unknownProvider, 'invalid-model', null, 'llmgateway-flat', 'BadRequestError'],
    [LLM_ERRORS.C42_providerNoModel, 'invalid-model', null, 'llmgateway-flat', 'BadRequestError'],
    [LLM_ERRORS.C36_contentType, 'invalid-request', null, 'llmgateway-flat', 'APIError'],
    [LLM_ERRORS.C39_zod, 'invalid-request', 'ZodError', 'zod', 'BadRequestError'],
    [LLM_ERRORS.C70_credits, 'billing', null, 'llmgateway-flat', 'APIError'],
    [LLM_ERRORS.C50_upstream500, 'upstream-failed', 'upstream_error', 'openai-envelope', 'InternalServerError'],
    [LLM_ERRORS.C51_upstream429, 'upstream-rate-limited', 'gateway_error', 'openai-envelope', 'InternalServerError'],
    // An upstream 401 is the gateway's provider key, not the caller's.
    [LLM_ERRORS.C52_upstream401, 'upstream-failed', 'gateway_error', 'openai-envelope', 'InternalServerError'],
    [LLM_ERRORS.C53_flat500, 'server', null, 'llmgateway-flat', 'InternalServerError'],
    [LLM_ERRORS.C80_notFound, 'invalid-request', null, 'text', 'NotFoundError'],
    [LLM_ERRORS.newer401, 'auth', 'invalid_api_key', 'openai-envelope', 'AuthenticationError'],
    [LLM_ERRORS.newer429, 'rate-limit', 'rate_limit_exceeded', 'openai-envelope', 'RateLimitError'],
    [LLM_ERRORS.newer504, 'timeout', 'timeout', 'openai-envelope', 'InternalServerError'],
  ] as const;
  it.each(cases.map(([c, ...rest]) => [c.name, c, ...rest] as const))('%s', (_name, c, kind, code, shape, sdkClass) => {
    const e = norm(c, 'llmgateway');
    expect({ kind: e.kind, code: e.code, bodyShape: e.bodyShape, sdkClass: e.sdkClass, status: e.status }).toEqual({
      kind,
      code,
      bodyShape: shape,
      sdkClass,
      status: c.status,
    });
  });

  it('takes the request id from x-request-id and the message from the body', () => {
    const e = norm(LLM_ERRORS.C31_unknownModel, 'llmgateway');
    expect(e.requestId).toBe('kyzysfzWRmM7z4tNgDq8CuqC2SM9MWcCj4y6xqQN');
    expect(e.message).toBe('Requested model no-such-model-xyz not supported');
    expect(norm(LLM_ERRORS.C39_zod, 'llmgateway').message).toBe('messages: Required');
  });

  it('reads Retry-After seconds from the newer 429', () => {
    expect(norm(LLM_ERRORS.newer429, 'llmgateway').retryAfterS).toBe(7);
    expect(norm(LLM_ERRORS.C30_badKey, 'llmgateway').retryAfterS).toBeUndefined();
  });
});

describe('normaliseError: AI Stats shapes', () => {
  const cases = [
    [AIS_ERRORS.C3_missingKey, 'auth', 'unauthorised', 'aistats-flat'],
    [AIS_ERRORS.C5_badKeyBadModel, 'auth', 'unauthorised', 'aistats-flat'],
    [AIS_ERRORS.C6_invalidJson, 'invalid-request', 'invalid_json', 'aistats-flat'],
    [AIS_ERRORS.C7_validation, 'invalid-request', 'validation_error', 'aistats-flat'],
    [AIS_ERRORS.C8_unknownModel, 'invalid-model', 'unsupported_model_or_endpoint', 'aistats-flat'],
    [AIS_ERRORS.C9_unknownPin, 'invalid-model', 'validation_error', 'aistats-flat'],
    [AIS_ERRORS.C10_keyLimit, 'rate-limit', 'key_limit_exceeded', 'aistats-flat'],
    [AIS_ERRORS.C11_funds, 'billing', 'insufficient_funds', 'aistats-flat'],
    [AIS_ERRORS.C12_upstream429, 'upstream-rate-limited', 'upstream_error', 'aistats-flat'],
    [AIS_ERRORS.C13_upstream500, 'upstream-failed', 'upstream_error', 'aistats-flat'],
    [AIS_ERRORS.C14_upstreamUnreachable, 'upstream-unreachable', 'upstream_error', 'aistats-flat'],
    [AIS_ERRORS.guardrail, 'invalid-request', 'guardrail_blocked', 'aistats-flat'],
    [AIS_ERRORS.C18_modelsAuth, 'auth', 'unauthorised', 'aistats-flat'],
    [AIS_ERRORS.C19_control, 'invalid-request', 'invalid_request', 'aistats-control'],
    [AIS_ERRORS.C21_notFound, 'invalid-request', null, 'text'],
  ] as const;
  it.each(cases.map(([c, ...rest]) => [c.name, c, ...rest] as const))('%s', (_name, c, kind, code, shape) => {
    const e = norm(c, 'aistats');
    expect({ kind: e.kind, code: e.code, bodyShape: e.bodyShape, status: e.status }).toEqual({ kind, code, bodyShape: shape, status: c.status });
  });

  it('takes the request id from generation_id and the message from description', () => {
    const e = norm(AIS_ERRORS.C5_badKeyBadModel, 'aistats');
    expect(e.requestId).toBe('G-01M8F50VS28AY60G60Q23CK717');
    expect(e.message).toBe('key_not_found_or_revoked');
  });

  it('AI Stats gateway_error (its own DB failure) is a server error, not upstream', () => {
    const e = normaliseError({
      status: 500,
      headers: null,
      bodyText: '{"generation_id":"G-1","status_code":500,"error":"gateway_error","error_type":"system","error_origin":"gateway","description":"gateway_context_failed"}',
      sdkClass: null,
      profile: 'aistats',
    });
    expect(e.kind).toBe('server');
  });
});

describe('normaliseError: other inputs', () => {
  it('empty body → empty shape with a status message', () => {
    const e = normaliseError({ status: 503, headers: null, bodyText: '', sdkClass: null, profile: 'openai-compatible' });
    expect(e).toMatchObject({ bodyShape: 'empty', kind: 'server', message: 'HTTP 503' });
  });

  it('prefers the SDK class actually observed', () => {
    const e = normaliseError({ status: 415, headers: null, bodyText: '', sdkClass: 'APIError', profile: 'llmgateway' });
    expect(e.sdkClass).toBe('APIError');
  });

  it('connection refused names the cause', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const e = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: 'APIConnectionError', profile: 'aistats', cause });
    expect(e).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', bodyShape: 'none', status: null });
    expect(e.message).toMatch(/connection refused/);
  });

  it('certificate errors are connection errors naming TLS', () => {
    const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    const e = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: 'aistats', cause });
    expect(e.kind).toBe('connection');
    expect(e.message).toMatch(/TLS certificate/);
  });

  it('our deadline (TimeoutError) → timeout; a caller abort → interrupted', () => {
    const t = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: 'aistats', cause: new DOMException('x', 'TimeoutError') });
    expect(t.kind).toBe('timeout');
    const a = normaliseError({ status: null, headers: null, bodyText: '', sdkClass: null, profile: 'aistats', cause: new DOMException('x', 'AbortError') });
    expect(a.kind).toBe('interrupted');
  });

  it('never shows the API key', () => {
    const key = new Secret('sk-live-abcdef123456');
    const e = normaliseError({
      status: 401,
      headers: null,
      bodyText: '{"error":{"message":"Incorrect API key provided: sk-live-abcdef123456","code":"invalid_api_key"}}',
      sdkClass: null,
      profile: 'openai-compatible',
      secrets: [key],
    });
    expect(e.message).not.toContain('sk-live-abcdef123456');
    expect(e.kind).toBe('auth');
  });
});

describe('helpers', () => {
  it('parseRetryAfter reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('sdkClassForStatus follows the SDK factory', () => {
    expect([400, 401, 403, 404, 409, 422, 429, 500, 529, 415].map(sdkClassForStatus)).toEqual([
      'BadRequestError',
      'AuthenticationError',
      'PermissionDeniedError',
      'NotFoundError',
      'ConflictError',
      'UnprocessableEntityError',
      'RateLimitError',
      'InternalServerError',
      'InternalServerError',
      'APIError',
    ]);
    expect(sdkClassForStatus(null)).toBe('APIConnectionError');
  });
});
