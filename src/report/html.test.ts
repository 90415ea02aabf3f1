import { describe, expect, it } from 'vitest';
import { exampleReport } from './fixture.ts';
import { htmlReporter } from './html.ts';
import { CONTENT_SECURITY_POLICY } from './html-page.ts';
import { renderToString } from './index.ts';
import type { RunReport } from './types.ts';

const ctx = { outDir: '/tmp/r', now: () => new Date('2025-06-12T10:18:00Z') };
const renderHtml = (report: RunReport): string => renderToString(htmlReporter, report, ctx);

describe('report.html', () => {
  const html = renderHtml(exampleReport());

  it('escapes model output: a <script> in an output stays text', () => {
    // The fixture's outputs contain <script>alert("xss")</script>; only our own script element may exist.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('alert("xss")</script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
  });

  it('escapes case ids and reasons in attributes and text', () => {
    const report = exampleReport();
    const first = report.cases[0];
    if (!first?.checks[0]) throw new Error('fixture changed');
    first.caseId = '"><img src=x onerror=alert(1)>';
    first.checks[0] = { ...first.checks[0], reason: '"onmouseover="alert(2)' };
    const out = renderHtml(report);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('"onmouseover="');
  });

  it('forbids every network source with a Content-Security-Policy and references nothing external', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('shows the verdict, the plots of both gateways, the word diff and the contract differences', () => {
    expect(html).toContain('<span class="word">FAIL</span>');
    for (const plot of ['e2e-cdf', 'e2e-histogram', 'ttft-cdf', 'ttft-histogram']) {
      const svg = html.match(new RegExp(`<svg[^>]*data-plot="${plot}"[\\s\\S]*?</svg>`))?.[0] ?? '';
      expect(svg, plot).toContain('data-series="baseline"');
      expect(svg, plot).toContain('data-series="candidate"');
    }
    expect(html).toMatch(/<del>[^<]*argues that regional[^<]*<\/del>/);
    expect(html).toContain('<ins>ought to publish</ins>');
    expect(html).toContain('both bad key and bad model: baseline 400 vs candidate 401');
    expect(html).toMatch(/<td class="differs">401<\/td>/);
  });

  it('prints the definitions and findings, and is reproducible for the same clock', () => {
    expect(html).toContain('<dt>percentiles</dt>');
    expect(html).toContain('AI Stats omits [DONE]');
    expect(html).toContain('Generated 2025-06-12T10:18:00.000Z');
    expect(renderHtml(exampleReport())).toBe(html);
  });
});
