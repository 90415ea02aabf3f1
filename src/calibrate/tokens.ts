/**
 * Tokens and cost calibration: sampled answers (temperature > 0) vary in length from request to
 * request on both gateways alike, and that variation must not fail the per-case tokens or cost
 * checks (a plain ratio of two means over 20 requests did, on some case of most runs). The
 * completion lengths come from the simulator's n-gram model at temperature 0.7 (the suite's
 * sampled cases), one prompt per case, with a hosted model's wider length spread (LENGTH_SPREAD);
 * cost follows the tokens. At the default repeat (8) a plain ratio of the two means over the
 * limit (the rule before) failed some case in 25 of 30 such seeded runs. Power: a candidate whose answers
 * are 40 % longer (a max_tokens or stop sequence it ignores) must still fail.
 */
import { sampleAnswer } from '../sim/ngram.ts';
import { normalVariate, type Rng } from '../util/prng.ts';
import type { Scenario } from './scenario.ts';
import { shippedTarget, SUITE_CASES } from './shipped.ts';
import { checkFailed, simulateRun, type TrialRun } from './trial.ts';

const PROMPTS = [
  'Write a short welcome email for a new customer of a travel booking site.',
  'Suggest three names for a status page of a payments company.',
  'Write a release note for a gateway that now retries failed requests.',
  'Thank a customer who reported a bug in the billing page.',
  'Explain what a connection pool is and why a web service needs one.',
];

/**
 * Spread of ln(completion length) added to the generator's own (about ±10 %): answers of hosted
 * models at temperature 0.7 vary more — 0.3 gives a coefficient of variation of about 32 %.
 */
export const LENGTH_SPREAD = 0.3;

/** Completion tokens of one sampled answer to the case's prompt (temperature 0.7), times `scale`. */
export function sampledLength(scale = 1): (next: Rng, caseId: string) => number {
  return (next, caseId) => {
    const promptText = PROMPTS[Number(caseId.slice(1)) % PROMPTS.length] as string;
    const g = sampleAnswer({ variant: { modelId: 'openai/gpt-4o', otherModel: 0, logitNoise: 0 }, temperature: 0.7, topP: 1, maxTokens: undefined, promptText, rng: next });
    const spread = Math.exp(LENGTH_SPREAD * normalVariate(next) - LENGTH_SPREAD ** 2 / 2);
    return Math.max(1, Math.round(g.tokens.length * spread * scale));
  };
}

const tokensOrCost = (t: TrialRun): boolean => checkFailed(t, 'tokens') || checkFailed(t, 'cost');

/** eval.config.yaml defaults.repeat, what local and unlisted targets run. */
const DEFAULT_REPEAT = 8;

export const scenarios: Scenario[] = [
  {
    id: 'tokens/aa-sampled-repeat8',
    check: 'tokens, cost',
    description: 'default repeat (8), 20 cases, both arms sampled from one model at temperature 0.7 (length CV ≈ 32 %): some tokens or cost check fails',
    kind: 'false-alarm',
    target: 0.05,
    trials: 200,
    seed: 603,
    run: (next) => {
      const { thresholds } = shippedTarget('staging');
      const both = { completionTokens: sampledLength() };
      return tokensOrCost(simulateRun(next, { cases: SUITE_CASES, repeat: DEFAULT_REPEAT, thresholds, baseline: both, candidate: both }));
    },
  },
  {
    id: 'tokens/aa-sampled-staging',
    check: 'tokens, cost',
    description: 'staging settings, 20 cases, both arms sampled from one model at temperature 0.7 (length CV ≈ 32 %): some tokens or cost check fails',
    kind: 'false-alarm',
    target: 0.05,
    trials: 200,
    seed: 601,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      const both = { completionTokens: sampledLength() };
      return tokensOrCost(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, baseline: both, candidate: both }));
    },
  },
  {
    id: 'tokens/longer-40pct-staging',
    check: 'tokens, cost',
    description: 'staging settings, 20 cases, sampled at temperature 0.7; the candidate\'s answers 40 % longer: some tokens or cost check fails',
    kind: 'power',
    target: 0.95,
    trials: 200,
    seed: 602,
    run: (next) => {
      const { repeat, thresholds } = shippedTarget('staging');
      return tokensOrCost(simulateRun(next, { cases: SUITE_CASES, repeat, thresholds, baseline: { completionTokens: sampledLength() }, candidate: { completionTokens: sampledLength(1.4) } }));
    },
  },
];
