/**
 * The canary as a team runs it: two application instances (two processes) route real calls to
 * `serve-sim` through the canary over eight simulated days, the candidate degrading half-way
 * (a second simulator, twice as slow and failing 20 % of calls). Then:
 *   - the two instances' metrics files merge into what one recorder fed every call holds;
 *   - `rollout --html --png` says rollback, names the degradation window, and writes a page that
 *     Chromium shows without errors or requests, and a PNG that is not blank.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MetricRecordSchema } from '../src/canary/format.ts';
import { createCanaryRecorder } from '../src/canary/recorder.ts';
import { mergeSketches, SKETCH_RELATIVE_ACCURACY, sketchFromJson, sketchQuantile } from '../src/canary/sketch.ts';
import { readMetrics, readMetricsFile } from '../src/rollout/read.ts';
import { DASHBOARD_PNG_WIDTH } from '../src/rollout/dashboard-png.ts';
import { PNG_SCALE } from '../src/report/png.ts';
import { DEGRADE_AT, runDegradingCanary, SCENARIO } from './helpers/canary-scenario.ts';
import { runCli } from './helpers/cli.ts';
import { inspectPage, type PageCheck } from './helpers/page-check.ts';
import { checkPng } from './helpers/png-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-canary-dashboard-'));
const CALLS = SCENARIO.calls;
let files: { metrics: string[]; calls: string[] };

beforeAll(async () => {
  files = await runDegradingCanary(dir);
}, 180_000);

/** Every call both instances made, fed to one recorder. */
function oneRecorderOfAllCalls() {
  const recorder = createCanaryRecorder();
  const latencies = { baseline: [] as number[], candidate: [] as number[] };
  for (const file of files.calls) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const m = MetricRecordSchema.parse(JSON.parse(line));
      recorder.record(m);
      if (m.outcome.kind === 'ok') latencies[m.arm].push(m.latencyMs);
    }
  }
  return { file: recorder.export(), latencies };
}

describe('canary metrics from two processes', () => {
  it('merge into the counts and quantiles of one recorder fed every call', () => {
    const parts = files.metrics.map(readMetricsFile);
    expect(parts.map((p) => p.arms.baseline.requests + p.arms.candidate.requests)).toEqual([CALLS / 2, CALLS / 2]);
    const merged = readMetrics(files.metrics);
    const { file: one, latencies } = oneRecorderOfAllCalls();

    expect(merged.bucketMs).toBe(one.bucketMs);
    expect(merged.buckets.map((b) => b.start)).toEqual(one.buckets.map((b) => b.start));
    for (const arm of ['baseline', 'candidate'] as const) {
      expect(merged.arms[arm]).toMatchObject({ requests: one.arms[arm].requests, errors: one.arms[arm].errors, errorsByStatus: one.arms[arm].errorsByStatus, from: one.arms[arm].from, to: one.arms[arm].to });
      expect([...merged.arms[arm].latencyMs].sort()).toEqual([...one.arms[arm].latencyMs].sort()); // under the cap: every value
      merged.buckets.forEach((b, i) => {
        const o = one.buckets[i]!;
        expect([b[arm].requests, b[arm].errors, b[arm].errorsByStatus]).toEqual([o[arm].requests, o[arm].errors, o[arm].errorsByStatus]);
        for (const q of [0.5, 0.95, 0.99]) {
          const got = sketchQuantile(sketchFromJson(b[arm].latencyMs), q);
          const want = sketchQuantile(sketchFromJson(o[arm].latencyMs), q);
          if (want === null) expect(got).toBeNull();
          else expect(Math.abs((got ?? NaN) - want) / want).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
        }
      });
      // And over the whole window, the merged sketches are within the stated error of the exact quantiles.
      const all = mergeSketches(merged.buckets.map((b) => sketchFromJson(b[arm].latencyMs)));
      const sorted = [...latencies[arm]].sort((a, b) => a - b);
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
        expect(Math.abs((sketchQuantile(all, q) ?? NaN) - exact) / exact, `${arm} q=${q}`).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-9);
      }
    }
  });

  it('give rollout the same answer as the per-call log of both', async () => {
    const jsonl = join(dir, 'all-calls.jsonl');
    writeFileSync(jsonl, files.calls.map((f) => readFileSync(f, 'utf8')).join(''));
    const [fromFiles, fromCalls] = await Promise.all([runCli(['rollout', '--json', '--metrics', ...files.metrics]), runCli(['rollout', '--json', '--metrics', jsonl])]);
    const a = JSON.parse(fromFiles.stdout) as Record<string, unknown>;
    const b = JSON.parse(fromCalls.stdout) as Record<string, unknown>;
    expect(a['decision']).toBe('rollback');
    expect(a['reasons']).toEqual(b['reasons']);
    expect(a['degradation']).toEqual(b['degradation']);
  });
});

describe('rollout --html --png on the degraded canary', () => {
  const html = join(dir, 'out', 'dashboard.html');
  const png = join(dir, 'out', 'dashboard.png');
  let run: Awaited<ReturnType<typeof runCli>>;
  let page: PageCheck;

  beforeAll(async () => {
    run = await runCli(['rollout', '--metrics', ...files.metrics, '--min-window', '7d', '--html', html, '--png', png]);
    page = await inspectPage(html, '#decision');
  }, 120_000);

  it('says rollback (exit 1) and names the window in which the candidate degraded', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^cutover rollout: ROLLBACK\n/);
    expect(run.stdout).toMatch(/Error rate higher on the candidate: candidate/);
    const named = /Degradation window, error rate: (\d{4}-\d\d-\d\d \d\d:\d\d) UTC to the end of the data/.exec(run.stdout);
    expect(named, run.stdout).not.toBeNull();
    const start = Date.parse(`${named?.[1]?.replace(' ', 'T')}:00Z`);
    // Named to the resolution of the dashboard's points (3 h over these 8 days).
    expect(start).toBeLessThanOrEqual(DEGRADE_AT);
    expect(start).toBeGreaterThan(DEGRADE_AT - 3 * 3600_000);
    expect(run.stdout).toMatch(/window: 8 d 7 h of candidate traffic, .* \(long enough for --min-window 7 d\)/);
    expect(run.stderr).toMatch(/wrote .*dashboard\.html\n/);
  });

  it('writes a page that loads from file:// with no console error and no request', () => {
    expect(page.consoleErrors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    expect(page.text).toMatch(/^ROLLBACK/);
    expect(page.text).toContain('Degradation window, error rate');
    expect(page.bodyText).toMatch(/Release-cycle window\s+Observed the candidate for 8 d 7 h/);
  });

  it('draws latency and error rate per arm over time, the traffic share and the cumulative comparison', () => {
    for (const [plot, series] of [
      ['latency-over-time', ['baseline-p50', 'baseline-p95', 'candidate-p50', 'candidate-p95']],
      ['errors-over-time', ['baseline', 'candidate']],
      ['share-over-time', ['candidate-share']],
      ['cumulative-cdf', ['baseline', 'candidate']],
    ] as const) {
      for (const s of series) expect(page.plots[plot]?.[s]?.width, `${plot} ${s}`).toBeGreaterThan(100);
    }
    // The candidate's error rate rises from 0: its line has height; the baseline's stays flat at 0.
    expect(page.plots['errors-over-time']?.['candidate']?.height).toBeGreaterThan(20);
    expect(page.bands).toContain('errors-over-time');
  });

  it('writes a PNG of the expected size that is not blank', () => {
    const check = checkPng(png);
    expect(check.width).toBe(DASHBOARD_PNG_WIDTH * PNG_SCALE);
    expect(run.stderr).toContain(`dashboard.png (${check.width}×${check.height})`);
    expect(check.height).toBeGreaterThan(check.width); // decision, numbers, four plots, table, window
    expect(check.luminanceStd).toBeGreaterThan(20);
    expect(check.inked).toBeGreaterThan(0.05);
  });
});
