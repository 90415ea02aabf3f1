/**
 * The HTML report as a person sees it: opened from file:// in Chromium, with no network,
 * no console errors, a visible verdict, rendered plots and diffs, and a working cases table.
 * Chromium is required: a missing browser fails this test rather than skipping it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleReport } from '../src/report/fixture.ts';
import { writeReports } from '../src/report/index.ts';
import { inspectReportHtml, reportPageProblems, type ReportPageCheck } from './helpers/html-check.ts';

const SCREENSHOT = resolve(import.meta.dirname, '../test-output/report-html.png');

describe('report.html in a browser', () => {
  let dir: string;
  let check: ReportPageCheck;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutover-html-'));
    const [htmlPath] = await writeReports(exampleReport(), dir, ['html'], () => new Date('2025-06-12T10:18:00Z'));
    check = await inspectReportHtml(htmlPath ?? '', { screenshotPath: SCREENSHOT });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads from file:// without console errors or any other request', () => {
    expect(check.consoleErrors).toEqual([]);
    expect(check.foreignRequests).toEqual([]);
  });

  it('shows the verdict, both gateways in both E2E plots, and the word diff', () => {
    expect(check.verdictText).toContain('FAIL');
    for (const plot of ['e2e-cdf', 'e2e-histogram', 'ttft-cdf']) {
      for (const series of ['baseline', 'candidate']) {
        expect(check.plots[plot]?.[series]?.width, `${plot} ${series}`).toBeGreaterThan(0);
        expect(check.plots[plot]?.[series]?.height, `${plot} ${series}`).toBeGreaterThan(0);
      }
    }
    expect(check.diffsRendered).toBeGreaterThan(0);
  });

  it('sorts the cases table by verdict and filters it by verdict and text', () => {
    expect(check.table.verdictsAscending.slice(0, 2)).toEqual(['fail', 'fail']);
    expect(check.table.verdictsDescending[0]).toBe('skipped');
    expect(check.table.visibleWhenFilteredFail).toEqual(['fail', 'fail']);
    expect(check.table.visibleWhenFilteredById).toEqual([check.table.firstCaseId]);
  });

  it('passes the shared page checks used by end-to-end tests', () => {
    expect(reportPageProblems(check, { verdict: 'fail', diffs: true })).toEqual([]);
  });
});
