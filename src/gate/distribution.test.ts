import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { TEST_KERNELS } from '../score/distribution-kernels.ts';
import { distributionCheck, type DistributionCheck } from '../score/distribution.ts';
import { okSample, promptCase } from '../score/test-samples.test-util.ts';
import { DistributionPools, gateDistribution, type CaseDistribution } from './distribution.ts';

const settings = { ...ThresholdsSchema.parse({}).distribution, permutations: 199 };
const arm = (role: 'baseline' | 'candidate', texts: readonly string[]) => texts.map((text, repeat) => okSample({ role, text, repeat }));
const theme = (words: string) => Array.from({ length: 6 }, (_, i) => `${words} number ${i} ${i % 2 === 0 ? 'today' : 'tonight'}.`);

function scored(id: string, baseline: string[], candidate: string[], pools: DistributionPools): CaseDistribution {
  const r = distributionCheck({ case: promptCase({ id, params: { temperature: 0.9 } }), baseline: arm('baseline', baseline), candidate: arm('candidate', candidate), stored: null, settings });
  pools.add(r.nulls);
  return { caseId: id, check: r.check };
}

describe('distribution gate', () => {
  it('passes the run and every case when the arms match', () => {
    const pools = new DistributionPools();
    const cases = ['a', 'b', 'c'].map((id) => scored(id, theme(`we are here for you ${id}`), theme(`we are here for you ${id}`), pools));
    const { overall, checks } = gateDistribution(cases, pools, settings, TEST_KERNELS);
    expect(overall.verdict).toBe('pass');
    expect(overall.metrics.cases).toBe(3);
    expect(overall.metrics.pValue).toBeGreaterThan(0.5);
    expect(checks.every((c) => c.verdict === 'pass' && c.metrics.holmFamily === 3)).toBe(true);
  });

  it('fails the run when the pooled test rejects, names the top cases, and fails the cases Holm finds', () => {
    const pools = new DistributionPools();
    const cases = [
      scored('same', theme('we are here for you'), theme('we are here for you'), pools),
      ...['x', 'y', 'z'].map((id) => scored(id, theme(`we are here for you ${id}`), theme(`certainly here is a detailed overview ${id}`), pools)),
    ];
    const { overall, checks } = gateDistribution(cases, pools, settings, TEST_KERNELS);
    expect(overall.verdict).toBe('fail');
    expect(overall.metrics.pValue).toBeLessThanOrEqual(0.005);
    expect(overall.metrics.topCases.map((t) => t.caseId).at(-1)).toBe('same');
    expect(overall.reason).toMatch(/^Output distribution differs \(pooled MMD, live baseline p = .* over 4 case\(s\); most different: /);
    expect(checks[0]?.verdict).toBe('pass');
    expect(checks.slice(1).every((c) => c.verdict === 'fail')).toBe(true);
  });

  it('calls a case that differs alone inconclusive when the pooled test does not confirm it', () => {
    const pools = new DistributionPools();
    const cases = ['a', 'b', 'c', 'd'].map((id) => scored(id, theme(`we are here ${id}`), theme(`we are here ${id}`), pools));
    const lone = cases[0] as CaseDistribution;
    const forged: DistributionCheck = { ...lone.check, metrics: { ...lone.check.metrics, pValue: 0.0001 } };
    const { overall, checks } = gateDistribution([{ caseId: 'a', check: forged }, ...cases.slice(1)], pools, settings, TEST_KERNELS);
    expect(overall.verdict).toBe('pass');
    expect(checks[0]?.verdict).toBe('inconclusive');
    expect(checks[0]?.reason).toMatch(/pooled test over all cases does not confirm/);
  });

  it('is not measured without an eligible case', () => {
    const pools = new DistributionPools();
    const cold = distributionCheck({ case: promptCase(), baseline: [], candidate: [], stored: null, settings });
    const few = distributionCheck({ case: promptCase({ id: 'few', params: { temperature: 1 } }), baseline: [], candidate: [], stored: null, settings });
    const { overall } = gateDistribution([{ caseId: 'cold', check: cold.check }, { caseId: 'few', check: few.check }], pools, settings, TEST_KERNELS);
    expect(overall.verdict).toBe('not-measured');
    // The temperature-0 case is skipped (the check does not apply to it); only 'few' was not measured.
    expect(overall.metrics.notMeasured).toBe(1);
  });

  it('shards add up: pools serialised per shard and merged give the one-run p-value', () => {
    const whole = new DistributionPools();
    const shardA = new DistributionPools();
    const shardB = new DistributionPools();
    const all = ['p', 'q', 'r', 's'].map((id, i) => {
      const c = scored(id, theme(`reply ${id}`), theme(i < 2 ? `reply ${id}` : `other ${id}`), whole);
      return c;
    });
    ['p', 'q'].forEach((id) => scored(id, theme(`reply ${id}`), theme(`reply ${id}`), shardA));
    ['r', 's'].forEach((id) => scored(id, theme(`reply ${id}`), theme(`other ${id}`), shardB));
    const merged = DistributionPools.fromJSON([JSON.parse(JSON.stringify(shardA)), JSON.parse(JSON.stringify(shardB))]);
    const one = gateDistribution(all, whole, settings, TEST_KERNELS).overall.metrics.pValue;
    expect(gateDistribution(all, merged, settings, TEST_KERNELS).overall.metrics.pValue).toBe(one);
  });
});
