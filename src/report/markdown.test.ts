import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../gate/types.ts';
import { exampleReport } from './fixture.ts';
import { renderMarkdown } from './markdown.ts';

const ctx = { outDir: '/abs/reports/run-1', displayDir: 'reports/run-1', now: () => new Date(0) };

describe('summary.md', () => {
  const md = renderMarkdown(exampleReport(), ctx);

  it('starts with the verdict and emoji', () => {
    expect(md.split('\n')[0]).toBe('## ❌ cutover: **FAIL** — staging');
  });

  it('names each failing case with the check that failed and why', () => {
    expect(md).toContain('| `summarise-article` | **similarity** | Similarity 0.61');
    expect(md).toContain('| `json-extract` | **latency** | p50 1.38×');
  });

  it('gives error rate, latency ratios and cost per gateway, unknown cost as "unknown"', () => {
    expect(md).toMatch(/\| error rate \| 0\.8 % \(2\) \| 0\.8 % \(2\) \|/);
    expect(md).toMatch(/p50 \d\.\d\d×\*\*, \*\*p95 \d\.\d\d×/);
    expect(md).toContain('| total cost (cost source) | $0.1028 (catalog) | unknown |');
    expect(md).toMatch(/\| tokens \(usage source\) \| [\d,]+ \(reported\) \| [\d,]+ \(reported\) \|/);
  });

  it('names the field where two contract answers differ, even when both statuses read the same', () => {
    expect(md).toMatch(/\| `contract-invalid-key-and-model` \| non-stream \| 400 model_not_supported \| \*\*401 unauthorised\*\* \| status 400 vs 401, code model_not_supported vs unauthorised/);
    // 401 → 401: the row still differs, and says where (code and body shape), not just "differs".
    expect(md).toMatch(/\| `contract-invalid-key` \| non-stream \| 401 invalid_api_key \| \*\*401 unauthorised\*\* \| code invalid_api_key vs unauthorised, body shape openai-envelope vs aistats-flat \|/);
  });

  it('says why the table\'s cost and the cost check\'s numbers differ', () => {
    expect(md).toMatch(/^Cost: the table sums every request of the run, each side at its own source; the cost check compares one pass of the suite .* — /m);
  });

  it('names the inconclusive cases with the check and the reason, and the stale and new cases', () => {
    const report = exampleReport();
    const stale = report.cases[0] as CaseResult;
    report.cases[0] = { ...stale, status: 'stale' };
    const text = renderMarkdown(report, ctx);
    const inconclusive = report.cases.filter((c) => c.verdict === 'inconclusive');
    expect(inconclusive.length).toBeGreaterThan(0);
    expect(text).toContain(`### Inconclusive cases (${inconclusive.length}): measured, not enough evidence to tell`);
    for (const c of inconclusive) {
      const check = c.checks.find((k) => k.verdict === 'inconclusive');
      expect(text).toContain(`| \`${c.caseId}\` | ${check?.check}`);
    }
    const fresh = report.cases.filter((c) => c.status === 'new').map((c) => c.caseId);
    expect(fresh.length).toBeGreaterThan(0);
    expect(text).toContain(`> ⚠️ Not compared with the stored baseline: stale in the baseline (prompt changed since it was recorded; compared with the live baseline only): \`${stale.caseId}\``);
    expect(text).toContain(`> ⚠️ Not compared with the stored baseline: new since the baseline was recorded (compared with the live baseline only): ${fresh.map((id) => `\`${id}\``).join(', ')}`);
  });

  it('shows the error contract side by side and calls out the check-order difference', () => {
    expect(md).toContain('| `contract-invalid-key-and-model` | non-stream | 400 model_not_supported | **401 unauthorised** |');
    expect(md).toContain('both bad key and bad model: baseline 400 vs candidate 401');
  });

  it('points to report.html in the folder as the user named it', () => {
    expect(md).toContain('`reports/run-1/report.html`');
  });

  it('stays under ~85 lines for a big suite: up to 25 failing cases named, then "… and N more"', () => {
    const report = exampleReport();
    const template = report.cases[1] as CaseResult;
    const contract = report.cases.find((c) => c.contract) as CaseResult;
    for (let i = 0; i < 300; i++) {
      report.cases.push({ ...template, caseId: `bulk-${i}` }, { ...contract, caseId: `contract-${i}` });
      report.verdict.failing.push({ caseId: `bulk-${i}`, checks: ['similarity'], reasons: ['below floor'] });
    }
    const big = renderMarkdown(report, ctx);
    // Every list is cut: 25 failing cases, 8 inconclusive, 4 error kinds per gateway, 8 contract rows.
    expect(big.split('\n').length).toBeLessThanOrEqual(85);
    expect(big).toMatch(/\| … and \d+ more \(see report\.html\) \| \| \|/);
    expect(big).toMatch(/\| … and \d+ more \|/);
  });

  it('keeps untrusted text inert in tables', () => {
    const report = exampleReport();
    report.verdict.failing[0] = { caseId: 'x', checks: ['similarity'], reasons: ['<img src=x onerror=alert(1)> | a\nb'] };
    const out = renderMarkdown(report, ctx);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; \\| a b');
    expect(out).not.toContain('<img');
  });
});
