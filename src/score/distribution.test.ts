import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { distributionCheck } from './distribution.ts';
import { okSample, errorSample, promptCase } from './test-samples.test-util.ts';

const settings = ThresholdsSchema.parse({}).distribution;
const hot = promptCase({ id: 'creative', params: { temperature: 0.8 } });
const arm = (role: 'baseline' | 'candidate', texts: readonly string[]) => texts.map((text, repeat) => okSample({ role, text, repeat }));
const like = ['We are here for you, day and night.', 'We are here for you, night and day.', 'We are here to help, day and night.', 'We are always here for you.', 'Here for you, day and night.', 'We are here for you, every day.'];
const unlike = ['Certainly! Here is a detailed overview.', 'Certainly! Here is a short overview.', 'Certainly! Below is a detailed overview.', 'Certainly! Here is an overview.', 'Of course! Here is a detailed overview.', 'Certainly! Here is the overview.'];

describe('distribution check', () => {
  it('does not apply at temperature 0 or to contract cases (skipped), is not measured with too few completions, and says why', () => {
    const cold = distributionCheck({ case: promptCase(), baseline: arm('baseline', like), candidate: arm('candidate', like), stored: null, settings });
    expect(cold.check.verdict).toBe('skipped');
    expect(cold.check.reason).toMatch(/Temperature 0/);
    const few = distributionCheck({ case: hot, baseline: arm('baseline', like.slice(0, 3)), candidate: [...arm('candidate', like), errorSample({ kind: 'timeout' })], stored: null, settings });
    expect(few.check.verdict).toBe('not-measured');
    expect(few.check.reason).toBe('Needs 5 text completions per arm, has 3 (baseline) and 6 (candidate).');
    expect(distributionCheck({ case: promptCase({ params: { temperature: 1 }, expectError: 'invalid-key' }), baseline: [], candidate: [], stored: null, settings }).check.verdict).toBe('skipped');
  });

  it('tests the candidate against the live baseline, and the stored one when it holds enough samples', () => {
    const liveOnly = distributionCheck({ case: hot, baseline: arm('baseline', like), candidate: arm('candidate', unlike), stored: arm('baseline', like.slice(0, 2)), settings });
    expect(liveOnly.check.metrics.tests.map((t) => t.reference)).toEqual(['live']);
    expect(liveOnly.check.metrics.pValue).toBeLessThan(0.01);
    expect(liveOnly.nulls.live?.mmd[0]?.length).toBe(settings.permutations + 1);
    const both = distributionCheck({ case: hot, baseline: arm('baseline', like), candidate: arm('candidate', like), stored: arm('baseline', like), settings });
    expect(both.check.metrics.tests.map((t) => t.reference)).toEqual(['live', 'stored']);
    expect(both.check.metrics.pValue).toBeGreaterThan(0.5);
    expect(both.check.reason).toMatch(/vs live and stored baseline: p = /);
    expect(both.check.metrics.L).toBe(2000);
  });

  it('reproduces its p-value from the same samples', () => {
    const a = distributionCheck({ case: hot, baseline: arm('baseline', like), candidate: arm('candidate', [...like.slice(0, 3), ...unlike.slice(0, 3)]), stored: null, settings });
    const b = distributionCheck({ case: hot, baseline: arm('baseline', [...like].reverse()), candidate: arm('candidate', [...unlike.slice(0, 3), ...like.slice(0, 3)]), stored: null, settings });
    expect(b.check.metrics.pValue).toBe(a.check.metrics.pValue);
  });
});
