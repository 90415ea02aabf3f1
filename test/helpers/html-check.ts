/**
 * Opens a report.html in headless Chromium (file://; ./browser.ts picks the browser) and
 * inspects what a person would see: console errors, any network request, the verdict, plots,
 * diffs, and whether the cases table sorts and filters. Shared by the fixture browser test and
 * end-to-end tests.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.ts';

export { launchChromium } from './browser.ts';

export interface Box {
  width: number;
  height: number;
}

export interface ReportPageCheck {
  fileUrl: string;
  consoleErrors: string[];
  /** Every request the page made other than the report file itself (must be empty). */
  foreignRequests: string[];
  verdictText: string;
  /** Rendered size of each plot's series, by plot id then series id. */
  plots: Record<string, Record<string, Box>>;
  diffsRendered: number;
  table: {
    rows: number;
    /** Verdicts in row order after one click on the verdict header, then after a second. */
    verdictsAscending: string[];
    verdictsDescending: string[];
    /** Visible rows' verdicts after choosing "fail" in the verdict filter. */
    visibleWhenFilteredFail: string[];
    expectedFail: number;
    /** Visible row ids after typing the first case id into the text filter. */
    visibleWhenFilteredById: string[];
    firstCaseId: string;
  };
}

async function plotSizes(page: Page): Promise<Record<string, Record<string, Box>>> {
  return page.$$eval('svg.plot', (svgs) => {
    const out: Record<string, Record<string, { width: number; height: number }>> = {};
    for (const svg of svgs) {
      const id = svg.getAttribute('data-plot') ?? '?';
      const series: Record<string, { width: number; height: number }> = {};
      for (const el of Array.from(svg.querySelectorAll('.series'))) {
        const rect = el.getBoundingClientRect();
        series[el.getAttribute('data-series') ?? '?'] = { width: rect.width, height: rect.height };
      }
      out[id] = series;
    }
    return out;
  });
}

const rowVerdicts = (page: Page): Promise<string[]> =>
  page.$$eval('#cases tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-verdict') ?? ''));

async function exerciseTable(page: Page): Promise<ReportPageCheck['table']> {
  const rows = await page.locator('#cases tbody tr').count();
  const firstCaseId = ((await page.locator('#cases tbody tr').first().getAttribute('id')) ?? '').replace(/^case-/, '');
  const header = page.locator('#cases thead button', { hasText: 'verdict' });
  await header.click();
  const verdictsAscending = await rowVerdicts(page);
  await header.click();
  const verdictsDescending = await rowVerdicts(page);
  const expectedFail = await page.locator('#cases tbody tr[data-verdict="fail"]').count();
  await page.selectOption('#verdict-filter', 'fail');
  const visibleWhenFilteredFail = await rowVerdicts(page);
  await page.selectOption('#verdict-filter', '');
  await page.fill('#case-filter', firstCaseId);
  const visibleWhenFilteredById = await page.$$eval('#cases tbody tr:not([hidden])', (r) => r.map((x) => x.id.replace(/^case-/, '')));
  await page.fill('#case-filter', '');
  return { rows, verdictsAscending, verdictsDescending, visibleWhenFilteredFail, expectedFail, visibleWhenFilteredById, firstCaseId };
}

/** Opens `htmlPath` and inspects it; saves a full-page screenshot when `screenshotPath` is given. */
export async function inspectReportHtml(htmlPath: string, opts: { screenshotPath?: string } = {}): Promise<ReportPageCheck> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const fileUrl = pathToFileURL(htmlPath).href;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    page.on('request', (req) => {
      if (req.url() !== fileUrl) foreignRequests.push(req.url());
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
    const verdictText = (await page.locator('#verdict').innerText()).trim();
    const plots = await plotSizes(page);
    const diffsRendered = await page.locator('.diff-case ins, .diff-case del').count();
    if (opts.screenshotPath) {
      await mkdir(dirname(opts.screenshotPath), { recursive: true });
      await page.screenshot({ path: opts.screenshotPath, fullPage: true });
    }
    const table = await exerciseTable(page);
    return { fileUrl, consoleErrors, foreignRequests, verdictText, plots, diffsRendered, table };
  } finally {
    await browser.close();
  }
}

const RANK: Record<string, number> = { fail: 0, inconclusive: 1, pass: 2, skipped: 3 };

/** Problems a person would notice, as sentences; empty when the page is healthy. */
export function reportPageProblems(check: ReportPageCheck, expect: { verdict: string; diffs: boolean }): string[] {
  const problems: string[] = [];
  if (check.consoleErrors.length) problems.push(`console errors: ${check.consoleErrors.join(' | ')}`);
  if (check.foreignRequests.length) problems.push(`network requests besides the file: ${check.foreignRequests.join(', ')}`);
  if (!check.verdictText.toUpperCase().includes(expect.verdict.toUpperCase())) problems.push(`verdict "${expect.verdict}" not visible in "${check.verdictText}"`);
  for (const plot of ['e2e-cdf', 'e2e-histogram']) {
    for (const series of ['baseline', 'candidate']) {
      const box = check.plots[plot]?.[series];
      if (!box || box.width <= 0 || box.height <= 0) problems.push(`plot ${plot} has no visible ${series} series`);
    }
  }
  if (expect.diffs && check.diffsRendered === 0) problems.push('no word diff rendered');
  const t = check.table;
  const ranks = (v: string[]): number[] => v.map((x) => RANK[x] ?? 9);
  const sorted = (v: number[], dir: 1 | -1): boolean => v.every((x, i) => i === 0 || (x - (v[i - 1] ?? 0)) * dir >= 0);
  if (t.verdictsAscending.length !== t.rows || !sorted(ranks(t.verdictsAscending), 1)) problems.push(`sorting by verdict (ascending) gave ${t.verdictsAscending.join(',')}`);
  if (!sorted(ranks(t.verdictsDescending), -1)) problems.push(`sorting by verdict (descending) gave ${t.verdictsDescending.join(',')}`);
  if (t.visibleWhenFilteredFail.length !== t.expectedFail || t.visibleWhenFilteredFail.some((v) => v !== 'fail')) problems.push(`verdict filter "fail" showed ${t.visibleWhenFilteredFail.join(',')}`);
  if (!t.visibleWhenFilteredById.includes(t.firstCaseId) || t.visibleWhenFilteredById.length >= t.rows) problems.push(`text filter "${t.firstCaseId}" showed ${t.visibleWhenFilteredById.join(',')}`);
  return problems;
}
