import { describe, expect, it } from 'vitest';
import { exampleReport } from './fixture.ts';
import { renderVerdict } from './terminal.ts';

const files = ['report.json', 'results.csv', 'summary.md', 'junit.xml', 'report.html'];

describe('renderVerdict', () => {
  const text = renderVerdict({ ...exampleReport(), files }, { color: false, reportDir: 'reports/run-1' });

  it('names the verdict, each failing case and the check and reason', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^FAIL {2}staging · 9 cases: 2 fail, 1 inconclusive, 5 pass, 1 skipped/);
    expect(text).toMatch(/✗ summarise-article +similarity +Similarity 0\.61/);
    expect(text).toMatch(/✗ json-extract +latency +p50 1\.38×/);
  });

  it('names the inconclusive cases with check and reason, and the cases not compared with the stored baseline', () => {
    const report = exampleReport();
    expect(text).toMatch(/\? tool-call-weather +latency,cost +p50 1\.14× of baseline but only 4 samples per gateway/);
    const fresh = report.cases.filter((c) => c.status === 'new').map((c) => c.caseId);
    expect(text).toContain(`~ new since the baseline was recorded (compared with the live baseline only): ${fresh.join(', ')}`);
  });

  it('shows where the error contracts differ and the known check-order difference', () => {
    expect(text).toContain('contract-invalid-key-and-model (non-stream): baseline 400 model_not_supported → candidate 401 unauthorised');
    expect(text).toContain('! both bad key and bad model: baseline 400 vs candidate 401');
  });

  it('names the field that differs when both sides show the same status (401 → 401), on both transports', () => {
    expect(text).toContain('contract-invalid-key (non-stream): baseline 401 invalid_api_key → candidate 401 unauthorised — differs in code invalid_api_key vs unauthorised, body shape openai-envelope vs aistats-flat');
    expect(text).toContain('contract-invalid-key (stream): baseline 401 invalid_api_key → candidate 401 unauthorised — differs in code invalid_api_key vs unauthorised');
    // The June 2025 LLM Gateway sends no code at all: "code none", not an empty difference.
    const report = exampleReport();
    const keyCase = report.cases.find((c) => c.caseId === 'contract-invalid-key');
    for (const s of keyCase?.contract?.baseline ?? []) Object.assign(s, { code: null, bodyShape: 'llmgateway-flat' });
    expect(renderVerdict(report, { color: false })).toContain('contract-invalid-key (non-stream): baseline 401 → candidate 401 unauthorised — differs in code none vs unauthorised, body shape llmgateway-flat vs aistats-flat');
  });

  it('shows tokens with their usage source, errors as the client saw them, and gateway notes', () => {
    const report = { ...exampleReport(), files };
    report.totals.baseline.errorDetail = { 'upstream-failed': { seenAs: ['500 (non-stream)', '200 + event: error (stream)'], example: '500 upstream_error: Error from provider: 500 Internal Server Error' } };
    report.totals.candidate.errorKinds = { 'upstream-failed': 2 };
    report.totals.candidate.errorDetail = { 'upstream-failed': { seenAs: ['502 (non-stream)', '502 (stream)'], example: '502 upstream_error: Provider "groq" failed with HTTP 500' } };
    report.pricing = {
      catalogs: [{ role: 'baseline', gateway: report.totals.baseline.gateway, fetchedAt: '2026-12-01T05:00:00.000Z', file: 'catalogs/baseline.json', models: 16, priced: 14, error: null }],
      configured: 1,
      disagreements: ['prices: openai/gpt-4o differs from the llm-gw catalog by more than 1 %: input $3/M vs $2.5/M (+20.0 %); the catalog price is used'],
    };
    const out = renderVerdict(report, { color: false });
    expect(out).toMatch(/tokens [\d,]+ \(reported\) → [\d,]+ \(reported\) · cost of all requests \$0\.1028 \(catalog\) → unknown/);
    expect(out).toContain('    upstream-failed ×2 as 500 (non-stream), 200 + event: error (stream) — 500 upstream_error: Error from provider: 500 Internal Server Error');
    expect(out).toMatch(/! the same upstream failure \(upstream-failed\) reaches the client differently: .* answers 500 \(non-stream\), 200 \+ event: error \(stream\); .* answers 502 \(non-stream\), 502 \(stream\)/);
    expect(out).toContain('! prices: openai/gpt-4o differs from the llm-gw catalog by more than 1 %');
    expect(out).toMatch(/contract-invalid-key-and-model \(non-stream\): baseline 400 model_not_supported → candidate 401 unauthorised — differs in status 400 vs 401, code model_not_supported vs unauthorised/);
  });

  it('says where the reports are', () => {
    expect(text).toContain('Reports: reports/run-1/report.html (+ report.json, results.csv, summary.md, junit.xml)');
  });

  it('uses colour only when asked, and never passes escape sequences from report text through', () => {
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\x1b/);
    expect(renderVerdict(exampleReport(), { color: true })).toContain('\x1b[31;7;1m FAIL \x1b[0m');
    const hostile = exampleReport();
    hostile.verdict.failing[0] = { caseId: 'x', checks: ['similarity'], reasons: ['evil \x1b]0;title\x07 \x1b[2J done'] };
    // eslint-disable-next-line no-control-regex
    expect(renderVerdict(hostile, { color: false })).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });
});
