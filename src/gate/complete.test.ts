import { describe, expect, it } from 'vitest';
import { emptyShardVerdict, incompleteHeadline, isIncomplete, withCompleteness } from './complete.ts';
import type { RunVerdict } from './types.ts';

const passing: RunVerdict = {
  verdict: 'inconclusive',
  passes: true,
  counts: { pass: 3, fail: 0, inconclusive: 2, skipped: 0 },
  failing: [],
  reasons: ['2 case(s) inconclusive: passes the gate (use --strict to fail on it).'],
  overall: [],
};

describe('withCompleteness', () => {
  it('leaves a run that measured everything it planned alone', () => {
    expect(withCompleteness(passing, { interrupted: false, completed: 96, planned: 96 })).toBe(passing);
  });

  it('an interrupted run is incomplete and never passes, whatever its completed cases say', () => {
    const v = withCompleteness(passing, { interrupted: true, completed: 40, planned: 1200 });
    expect(v.verdict).toBe('incomplete');
    expect(v.passes).toBe(false);
    expect(v.incomplete).toEqual({ interrupted: true, completed: 40, planned: 1200 });
    expect(v.reasons[0]).toMatch(/^INTERRUPTED after 40 of 1,200 requests: /);
    // The gate's "passes the gate" no longer holds and is not repeated.
    expect(v.reasons.join('\n')).not.toMatch(/passes the gate/);
    expect(v.counts).toEqual(passing.counts);
  });

  it('requests missing without an interrupt also make the run incomplete', () => {
    expect(isIncomplete({ interrupted: false, completed: 95, planned: 96 })).toBe(true);
    const v = withCompleteness({ ...passing, verdict: 'pass' }, { interrupted: false, completed: 95, planned: 96 });
    expect(v.verdict).toBe('incomplete');
    expect(v.reasons[0]).toMatch(/^INCOMPLETE: 95 of 96 requests measured/);
  });

  it('states an unknown plan without inventing one', () => {
    expect(incompleteHeadline({ interrupted: true, completed: 7, planned: null })).toBe('INTERRUPTED after 7 requests');
  });
});

describe('emptyShardVerdict', () => {
  it('passes, measures nothing, and says which shard is empty', () => {
    const v = emptyShardVerdict({ index: 2, count: 3 }, 2);
    expect(v.verdict).toBe('empty');
    expect(v.passes).toBe(true);
    expect(v.reasons[0]).toMatch(/Empty shard: none of the suite's 2 case\(s\) falls in shard 2\/3/);
  });
});
