/**
 * Opens a self-contained page cutover wrote (dashboard.html, migration.html) in headless
 * Chromium from file:// and reports what a person would see: console errors, any request other
 * than the file itself, the text of one element, and the rendered size of every plot's series.
 */
import { pathToFileURL } from 'node:url';
import { launchChromium, type Box } from './html-check.ts';

export interface PageCheck {
  consoleErrors: string[];
  foreignRequests: string[];
  /** innerText of the `textOf` selector ('' when absent). */
  text: string;
  /** The whole page's innerText. */
  bodyText: string;
  /** Plot id → series id → rendered box. */
  plots: Record<string, Record<string, Box>>;
  /** Plot ids with a shaded band. */
  bands: string[];
}

export async function inspectPage(htmlPath: string, textOf: string): Promise<PageCheck> {
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
    const text = (await page.locator(textOf).count()) ? await page.locator(textOf).first().innerText() : '';
    const bodyText = await page.locator('body').innerText();
    const plots = await page.$$eval('svg.plot', (svgs) => {
      const out: Record<string, Record<string, { width: number; height: number }>> = {};
      for (const svg of svgs) {
        const series: Record<string, { width: number; height: number }> = {};
        for (const el of Array.from(svg.querySelectorAll('.series'))) {
          const r = el.getBoundingClientRect();
          series[el.getAttribute('data-series') ?? '?'] = { width: r.width, height: r.height };
        }
        out[svg.getAttribute('data-plot') ?? '?'] = series;
      }
      return out;
    });
    const bands = await page.$$eval('svg.plot g.band', (gs) => gs.map((g) => g.getAttribute('data-band') ?? '?'));
    return { consoleErrors, foreignRequests, text, bodyText, plots, bands };
  } finally {
    await browser.close();
  }
}
