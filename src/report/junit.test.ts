import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exampleReport } from './fixture.ts';
import { renderToString } from './index.ts';
import { junitReporter } from './junit.ts';
import { withCompleteness } from '../gate/complete.ts';

const ctx = { outDir: '/tmp/r', now: () => new Date(0) };

interface TestCase {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string };
  error?: { '@_message': string };
  skipped?: { '@_message': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  '@_errors': string;
  '@_time': string;
  testcase: TestCase[];
}

function parse(xml: string): { root: Record<string, string>; suites: Suite[] } {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const doc = parser.parse(xml, true) as { testsuites: Record<string, string> & { testsuite: Suite[] } };
  return { root: doc.testsuites, suites: doc.testsuites.testsuite };
}

describe('junit.xml', () => {
  const report = exampleReport();
  const { root, suites } = parse(renderToString(junitReporter, report, ctx));
  const cases = suites.flatMap((s) => s.testcase);

  it('has one testcase per case × check that applies, plus the run-level checks', () => {
    const applies = (checks: ReadonlyArray<{ verdict: string }>) => checks.filter((c) => c.verdict !== 'skipped').length;
    const expected = report.cases.reduce((n, c) => n + applies(c.checks), 0) + applies(report.verdict.overall);
    expect(cases).toHaveLength(expected);
    expect(Number(root['@_tests'])).toBe(expected);
    expect(cases.filter((t) => t['@_classname'] === 'greeting').map((t) => t['@_name'])).toEqual(['similarity', 'latency', 'cost', 'errors']);
  });

  it('reports failures with the reason, naming the failing cases', () => {
    const failed = cases.filter((t) => t.failure);
    expect(failed.map((t) => `${t['@_classname']}/${t['@_name']}`)).toEqual(['summarise-article/similarity', 'json-extract/latency', 'run/latency']);
    expect(failed[0]?.failure?.['@_message']).toContain('Similarity 0.61');
    expect(Number(root['@_failures'])).toBe(3);
  });

  it('marks inconclusive checks as skipped with the reason, and leaves out checks that do not apply', () => {
    const skipped = cases.filter((t) => t.skipped);
    expect(skipped.map((t) => `${t['@_classname']}/${t['@_name']}`)).toContain('tool-call-weather/latency');
    expect(skipped.every((t) => /^(inconclusive|not measured|not comparable): /.test(t.skipped?.['@_message'] ?? ''))).toBe(true);
    expect(Number(root['@_skipped'])).toBe(skipped.length);
    // The fixture's new case has only a check that does not apply: no testcase at all.
    expect(report.cases.find((c) => c.caseId === 'new-prompt-refund')?.checks.map((c) => c.verdict)).toEqual(['skipped']);
    expect(cases.some((t) => t['@_classname'] === 'new-prompt-refund')).toBe(false);
  });

  it('an incomplete run gets one <error> testcase saying so; a complete one none', () => {
    expect(cases.some((t) => t['@_name'] === 'completeness')).toBe(false);
    expect(Number(root['@_errors'])).toBe(0);
    const stopped = exampleReport();
    stopped.partial = true;
    stopped.verdict = withCompleteness(stopped.verdict, { interrupted: true, completed: 40, planned: 400 });
    const xml = renderToString(junitReporter, stopped, ctx);
    const parsed = parse(xml);
    const errored = parsed.suites.flatMap((s) => s.testcase).filter((t) => t.error);
    expect(errored.map((t) => `${t['@_classname']}/${t['@_name']}`)).toEqual(['run/completeness']);
    expect(errored[0]?.error?.['@_message']).toMatch(/^INTERRUPTED after 40 of 400 requests/);
    expect(Number(parsed.root['@_errors'])).toBe(1);
    expect(Number(parsed.suites.find((s) => s['@_name'] === 'run')?.['@_errors'])).toBe(1);
  });

  it('shows not-measured and not-comparable checks as skipped, with the verdict and reason, never as failures', () => {
    const cost = cases.find((t) => t['@_classname'] === 'stream-story' && t['@_name'] === 'cost');
    expect(cost?.skipped?.['@_message']).toBe('not measured: cost unknown for llm-gateway and ai-stats');
    const tokens = cases.find((t) => t['@_classname'] === 'stream-story' && t['@_name'] === 'tokens');
    expect(tokens?.skipped?.['@_message']).toMatch(/^not comparable: Token counts from different sources/);
  });

  it('groups testcases in one testsuite per suite file with consistent counts', () => {
    expect(suites.map((s) => s['@_name'])).toContain('prompts/contract.yaml');
    for (const s of suites) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(s.testcase.filter((t) => t.failure).length);
      expect(s['@_time']).toMatch(/^\d+(\.\d+)?$/);
    }
  });

  it('escapes markup, quotes and characters XML cannot carry', () => {
    const hostile = exampleReport();
    const first = hostile.cases[0];
    if (!first?.checks[0]) throw new Error('fixture changed');
    first.caseId = 'a"<b>&\'c';
    first.checks[0] = { ...first.checks[0], verdict: 'fail', reason: 'bad </failure><x a="1"> \u0001\u001b[31m end' };
    const xml = renderToString(junitReporter, hostile, ctx);
    const { suites: parsed } = parse(xml);
    const tc = parsed.flatMap((s) => s.testcase).find((t) => t['@_classname'] === 'a"<b>&\'c');
    expect(tc?.failure?.['@_message']).toBe('bad </failure><x a="1"> [31m end');
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
  });
});
