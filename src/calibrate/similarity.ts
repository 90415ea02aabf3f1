/**
 * Similarity calibration: candidates drawn from the reference's own output distribution must
 * not fail. Outputs are sampled from the simulator's n-gram model (temperature 0.9: paraphrase-
 * like variation — same opening more often than not, then diverging) for 5 stored-baseline, 5
 * live-baseline and 5 candidate repeats of one prompt; and, the case where a bag-of-words bound
 * used to inflate the noise floor, outputs that are shuffles of one shared vocabulary.
 */
import type { OkSample } from '../run/sample.ts';
import { similarityCheck } from '../score/similarity-check.ts';
import { sampleAnswer, sentenceCase } from '../sim/ngram.ts';
import { renderTokens } from '../sim/text.ts';
import type { Rng } from '../util/prng.ts';
import type { Scenario } from './scenario.ts';
import { DEFAULT_THRESHOLDS } from './trial.ts';

const REPEAT = 5;
const PROMPTS = [
  'How do I reset my password if I no longer have access to my email?',
  'Explain what a connection pool is and why a web service needs one.',
  'Summarise the trade-offs of caching API responses at the edge.',
  'What should a team check before moving traffic to a new gateway?',
];

function output(text: string, role: 'baseline' | 'candidate', repeat: number): OkSample {
  return {
    kind: 'ok', role, gateway: role, caseId: 'sim', caseHash: 'sim', repeat, stream: false, model: 'gpt-4o',
    timings: { queuedMs: 0, ttftMs: null, e2eMs: 100, tpotMs: null, maxGapMs: null }, retries: 0, requestId: null, startedAt: '2026-01-01T00:00:00.000Z',
    text, toolCalls: [], finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 10, cachedTokens: 0, source: 'reported' }, cost: { source: 'configured', nanos: 1 }, findings: [],
  };
}

function sampled(next: Rng, promptText: string): string {
  const g = sampleAnswer({ variant: { modelId: 'openai/gpt-4o', otherModel: 0, logitNoise: 0 }, temperature: 0.9, topP: 1, maxTokens: undefined, promptText, rng: next });
  return renderTokens(sentenceCase(g.tokens));
}

function shuffled(next: Rng, vocabulary: readonly string[]): string {
  const words = [...vocabulary];
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [words[i], words[j]] = [words[j] as string, words[i] as string];
  }
  return `${words.join(' ')}.`;
}

function fails(draw: () => string): boolean {
  const arm = (role: 'baseline' | 'candidate') => Array.from({ length: REPEAT }, (_, i) => output(draw(), role, i));
  const stored = arm('baseline');
  const live = arm('baseline');
  const candidate = arm('candidate');
  return similarityCheck({ compare: 'text', candidate, live, stored, thresholds: DEFAULT_THRESHOLDS.similarity }).check.verdict === 'fail';
}

const VOCABULARY = 'the gateway routes each request to a provider and returns its answer with usage cost and latency for every call made'.split(' ');

export const scenarios: Scenario[] = [
  {
    id: 'similarity/sampled-same-model',
    check: 'similarity',
    description: 'candidate and references sampled from one n-gram model at temperature 0.9, 5 repeats each (one of 4 prompts per trial)',
    kind: 'false-alarm',
    target: 0.05,
    trials: 400,
    seed: 601,
    run: (next, trial) => fails(() => sampled(next, PROMPTS[trial % PROMPTS.length] as string)),
  },
  {
    id: 'similarity/shuffled-shared-vocabulary',
    check: 'similarity',
    description: 'candidate and references are random orderings of one 22-word vocabulary, 5 repeats each',
    kind: 'false-alarm',
    target: 0.05,
    trials: 400,
    seed: 602,
    run: (next) => fails(() => shuffled(next, VOCABULARY)),
  },
];
