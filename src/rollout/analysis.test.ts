import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { analyseRollout, type AnalysisOptions } from './analysis.ts';
import { metricsFile } from './metrics.test-util.ts';

const options: AnalysisOptions = { thresholds: ThresholdsSchema.parse({}), minRequests: 100, maxErrorIncrease: 0.01, minWindowMs: null };
const DAY = 24 * 3600_000;

/** Equal arms observed for `days`. */
function equalArms(days: number) {
  const m = metricsFile({ requests: 2000, errors: 20 }, { requests: 400, errors: 4 });
  m.arms.candidate.from = '2026-11-20T00:00:00.000Z';
  m.arms.candidate.to = new Date(Date.parse('2026-11-20T00:00:00.000Z') + days * DAY).toISOString();
  return m;
}

describe('the release-cycle window rule', () => {
  it('holds a promote until the candidate has been observed for --min-window', () => {
    const a = analyseRollout(equalArms(2.5), { ...options, minWindowMs: 7 * DAY });
    expect(a.result.decision).toBe('hold');
    expect(a.result.reasons[0]).toBe(
      'Observed the candidate for 2 d 12 h (2026-11-20 00:00 UTC – 2026-11-22 12:00 UTC); --min-window asks for 7 d (one release cycle) before promoting: 4 d 12 h to go.',
    );
    expect(a.observed).toMatchObject({ ms: 2.5 * DAY, minimumMs: 7 * DAY, longEnough: false });
  });

  it('promotes once the window is long enough, and does not gate without --min-window', () => {
    expect(analyseRollout(equalArms(7.2), { ...options, minWindowMs: 7 * DAY }).result.decision).toBe('promote');
    const open = analyseRollout(equalArms(0.1), options);
    expect(open.result.decision).toBe('promote');
    expect(open.observed.longEnough).toBeNull();
  });

  it('never turns a rollback into a hold: evidence of harm does not wait for the window', () => {
    const m = metricsFile({ requests: 2000, errors: 20 }, { requests: 400, errors: 40 });
    const a = analyseRollout(m, { ...options, minWindowMs: 7 * DAY });
    expect(a.result.decision).toBe('rollback');
    expect(a.windows).toEqual([]); // no time axis in this file: nothing to name
    expect(a.series.pointMs).toBeNull();
  });
});
