import { describe, expect, it } from 'vitest';
import { contractCheck } from './contract.ts';
import { errorSample, okSample, promptCase } from './test-samples.test-util.ts';

const llmGatewayBothBad = errorSample(
  { kind: 'invalid-model', status: 400, code: null, sdkClass: 'BadRequestError', bodyShape: 'llmgateway-flat', requestId: 'lg-1' },
  { role: 'baseline', gateway: 'LLM Gateway' },
);
const aiStatsBothBad = errorSample(
  { kind: 'auth', status: 401, code: 'unauthorised', sdkClass: 'AuthenticationError', bodyShape: 'aistats-flat', requestId: 'G-1' },
  { role: 'candidate', gateway: 'AI Stats Gateway' },
);

describe('contract check', () => {
  it('bad key + bad model: LLM Gateway 400 vs AI Stats 401 differs visibly and passes with expectStatus', () => {
    const c = promptCase({ expectError: 'invalid-key-and-model', expectStatus: { baseline: 400, candidate: 401 } });
    const r = contractCheck(c, [llmGatewayBothBad], [aiStatsBothBad]);
    expect(r.check.verdict).toBe('pass');
    expect(r.contract.differs).toBe(true);
    expect(r.findings.join('\n')).toMatch(/status 400 vs 401/);
    expect(r.check.reason).toMatch(/answer differently/);
    expect(r.contract.baseline[0]).toMatchObject({ status: 400, sdkClass: 'BadRequestError', bodyShape: 'llmgateway-flat' });
    expect(r.contract.candidate[0]).toMatchObject({ status: 401, code: 'unauthorised', requestId: 'G-1' });
  });

  it('fails when a gateway answers another status than expected', () => {
    const c = promptCase({ expectError: 'invalid-key-and-model', expectStatus: { baseline: 401, candidate: 401 } });
    const r = contractCheck(c, [llmGatewayBothBad], [aiStatsBothBad]);
    expect(r.check.verdict).toBe('fail');
    expect(r.check.reason).toMatch(/LLM Gateway answered 400, expected 401/);
  });

  it('defaults: invalid-key expects 401 from both; a gateway that succeeds fails', () => {
    const c = promptCase({ expectError: 'invalid-key' });
    const base = errorSample({ kind: 'auth', status: 401 }, { gateway: 'LLM Gateway' });
    const cand = okSample({ role: 'candidate', gateway: 'AI Stats Gateway' });
    const r = contractCheck(c, [base], [cand]);
    expect(r.check.verdict).toBe('fail');
    expect(r.check.reason).toMatch(/AI Stats Gateway succeeded, expected 401/);
  });

  it('identical answers pass with differs=false; one side per transport', () => {
    const c = promptCase({ expectError: 'invalid-model', streamModes: [false, true] });
    const mk = (role: 'baseline' | 'candidate', stream: boolean) =>
      errorSample({ kind: 'invalid-model', status: 400, code: 'model_not_found' }, { role, stream, gateway: role });
    const r = contractCheck(c, [mk('baseline', false), mk('baseline', true)], [mk('candidate', false), mk('candidate', true)]);
    expect(r.check.verdict).toBe('pass');
    expect(r.contract.differs).toBe(false);
    expect(r.contract.baseline.map((s) => s.stream)).toEqual([false, true]);
  });
});
