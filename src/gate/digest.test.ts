import { describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import { scoreCase } from '../score/case.ts';
import { lognormalSamples, mulberry32 } from '../score/prng.test-util.ts';
import { arm, errorSample, promptCase } from '../score/test-samples.test-util.ts';
import type { Sample } from '../run/sample.ts';
import { applyDecision, digestCase } from './digest.ts';
import { gateRun } from './gate.ts';
import { findCheck, type CaseResult } from './types.ts';

const thresholds = ThresholdsSchema.parse({});

/** A mixed run: equal cases, clearly slower ones, a marginal one Holm turns around, one with errors. */
function suite(): CaseResult[] {
  const next = mulberry32(7);
  const score = (id: string, base: number[], cand: Sample[]): CaseResult =>
    scoreCase({ case: promptCase({ id }), baseline: arm('baseline', base), candidate: cand, stored: null, status: 'compared', thresholds });
  const cases: CaseResult[] = [];
  for (let i = 0; i < 12; i++) cases.push(score(`same${i}`, lognormalSamples(next, 20, 300, 0.1), arm('candidate', lognormalSamples(next, 20, 300, 0.1))));
  for (let i = 0; i < 4; i++) cases.push(score(`slow${i}`, lognormalSamples(next, 20, 300, 0.1), arm('candidate', lognormalSamples(next, 20, 450, 0.1))));
  cases.push(score('marginal', [100, 101, 102, 103, 104, 105, 106, 107], arm('candidate', [101.5, 102.5, 103.5, 115, 116, 117, 118, 119])));
  cases.push(score('errors', lognormalSamples(next, 10, 300, 0.1), [...arm('candidate', lognormalSamples(next, 5, 300, 0.1)), errorSample({ kind: 'server', status: 502 }, { role: 'candidate', gateway: 'AI Stats Gateway' }), errorSample({ kind: 'server', status: 502 }, { role: 'candidate', gateway: 'AI Stats Gateway' })]));
  return cases;
}

describe('gating digests', () => {
  it('decides exactly what gating the full cases decides, and applyDecision gives the full gated cases', () => {
    const full = suite();
    const before = structuredClone(full);
    const digests = full.map(digestCase);
    const fromFull = gateRun(full, { thresholds, strict: false });
    const fromDigests = gateRun(digests, { thresholds, strict: false });
    expect(fromDigests.run).toEqual(fromFull.run);
    expect(fromFull.run.counts.fail).toBeGreaterThan(0);
    // Pure: the cases given to the gate are exactly as they were.
    expect(full).toEqual(before);
    const gatedFull = full.map((c, i) => applyDecision(c, fromFull.decisions[i]));
    expect(full.map((c, i) => applyDecision(c, fromDigests.decisions[i]))).toEqual(gatedFull);
    // Holm changed something, so the equality above is not the trivial one.
    const marginal = gatedFull.find((c) => c.caseId === 'marginal');
    expect(findCheck(marginal?.checks ?? [], 'latency')?.metrics.holmFamily).toBe(34);
    expect(findCheck(full.find((c) => c.caseId === 'marginal')?.checks ?? [], 'latency')?.metrics.holmFamily).toBe(1);
  });

  it('pools first attempts over every case at run level, also cases with no failed first attempt', () => {
    const rateLimited = (role: 'baseline' | 'candidate', failed: number) =>
      arm(role, [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]).map((s, i) => ({ ...s, firstError: i < failed ? { kind: 'rate-limit' as const, status: 429 } : null }));
    const one = (id: string, failed: number) => scoreCase({ case: promptCase({ id }), baseline: rateLimited('baseline', 0), candidate: rateLimited('candidate', failed), stored: null, status: 'compared', thresholds });
    const digests = [one('a', 5), one('b', 0), one('c', 0)].map(digestCase);
    const run = gateRun(digests, { thresholds, strict: false }).run;
    const first = run.overall.find((o) => o.check === 'first-attempt');
    expect(first?.check === 'first-attempt' && first.metrics.criteria[0]?.candidate).toEqual({ count: 5, of: 30 });
  });

  it('keeps far less than the full case: no output texts, no percentiles, no other checks\' metrics', () => {
    const c = suite()[0]!;
    const d = digestCase(c);
    // This test case's outputs are one line; real ones (KBs of text per sample) make the digest far smaller still.
    expect(JSON.stringify(d).length).toBeLessThan(JSON.stringify(c).length * 0.7);
    expect(JSON.stringify(d)).not.toContain('sampleText');
    const kept = new Set(['latency', 'ttft', 'first-attempt', 'distribution', 'cost', 'tokens']);
    expect(d.checks.filter((k) => !kept.has(k.check)).every((k) => !('metrics' in k))).toBe(true);
  });
});
