import { describe, expect, it } from 'vitest';
import { priceFromUsdPerMillion } from '../gateway/cost.ts';
import type { PromptCase } from '../suite/types.ts';
import { formatPlan, planRun, type PlanInput } from './plan.ts';
import type { Sample } from './sample.ts';
import { countJobs } from './scheduler.ts';

function promptCase(id: string, over: Partial<PromptCase> = {}): PromptCase {
  return {
    id,
    file: 'prompts/a.yaml',
    line: 1,
    tags: [],
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'x'.repeat(400) }],
    params: { max_tokens: 50 },
    streamModes: [false],
    repeat: 4,
    compare: 'text',
    thresholds: {},
    assertions: [],
    hash: 'h',
    ...over,
  };
}

const input = (cases: PromptCase[], over: Partial<PlanInput> = {}): PlanInput => ({
  cases,
  arms: [{ profile: 'llmgateway' }, { profile: 'aistats' }],
  repeat: undefined,
  warmup: 2,
  aliases: {},
  price: (m) => (m === 'openai/gpt-4o-mini' ? priceFromUsdPerMillion({ input: 1, output: 2 }) : null),
  priceSource: 'configured',
  recorded: () => null,
  ...over,
});

describe('planRun', () => {
  const cases = [
    promptCase('a'),
    promptCase('b', { streamModes: [false, true], repeat: 2 }),
    promptCase('bad-key', { expectError: 'invalid-key', repeat: 1, streamModes: [false, true] }),
  ];

  it('counts what the scheduler sends: measured requests as countJobs, plus warm-up per gateway', () => {
    const plan = planRun(input(cases));
    expect(plan.measured).toBe(countJobs({ cases, arms: ['baseline', 'candidate'], repeat: undefined }));
    expect(plan.measured).toBe(4 * 2 + 2 * 2 * 2 + 1 * 2 * 2);
    expect(plan.warmup).toBe(4);
    expect(plan.requests).toBe(plan.measured + 4);
    expect(plan.repeat).toEqual({ min: 1, max: 4 });
    expect(plan.transports).toEqual({ min: 1, max: 2 });
    // --repeat overrides ordinary cases only.
    expect(planRun(input(cases, { repeat: 10 })).measured).toBe(10 * 2 + 10 * 2 * 2 + 1 * 2 * 2);
  });

  it('estimates tokens and cost: ≈ 4 characters a token, completions at max_tokens, contract cases none', () => {
    const plan = planRun(input(cases));
    const perRequest = 100 + 3 + 3 + 50; // 400 chars, framing, max_tokens
    const ordinaryRequests = 4 * 2 + 2 * 2 * 2 + 2 * 2; // cases a, b, and warm-up
    expect(plan.tokens).toBe(perRequest * ordinaryRequests);
    expect(plan.tokenSource).toBe('estimated');
    // $1 / M input, $2 / M output.
    expect(plan.costNanos).toBe(ordinaryRequests * (106 * 1000 + 50 * 2000));
  });

  it('takes tokens from the stored baseline when it has the case', () => {
    const recorded = [{ kind: 'ok', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, source: 'reported' } }] as unknown as Sample[];
    const plan = planRun(input([promptCase('a')], { warmup: 0, recorded: () => recorded }));
    expect(plan.tokens).toBe(15 * 4 * 2);
    expect(plan.tokenSource).toBe('recorded');
  });

  it('says what it cannot estimate instead of counting it as free', () => {
    const plan = planRun(input([promptCase('a', { model: 'house-model', params: {} })], { warmup: 0 }));
    expect(plan.costNanos).toBeNull();
    expect(plan.unpriced).toEqual(['house-model']);
    expect(plan.unestimated).toEqual(['a']);
    expect(formatPlan(plan)).toBe(
      'will send 8 requests (1 case × 4 repeats × 1 transport × 2 gateways), ≈ 848 tokens (prompts at ≈ 4 characters a token, completions at their max_tokens), cost not estimated here (no configured price for house-model; the run prices from the catalogs where they list one); not counted: completions of 1 case(s) with no max_tokens and no recorded usage',
    );
  });

  it('formats the plan line', () => {
    expect(formatPlan(planRun(input(cases)))).toMatch(
      /^will send 24 requests \(3 cases × 1–4 repeats × 1–2 transports × 2 gateways \+ 4 warm-up\), ≈ 3,120 tokens \(prompts at ≈ 4 characters a token, completions at their max_tokens\), ≈ \$0\.0041 at configured prices$/,
    );
  });

  it('plans an empty selection as nothing', () => {
    const plan = planRun(input([]));
    expect(plan).toMatchObject({ requests: 0, measured: 0, warmup: 0, tokens: 0, costNanos: null });
  });
});
