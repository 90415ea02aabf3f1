/** Every method and threshold the scoring and the gate use, in words, for reports. */
import { DEFAULT_MAX_WORDS } from '../score/similarity.ts';
import { PERCENTILE_METHOD } from '../score/stats.ts';
import { provenanceDefinitions } from '../gateway/provenance.ts';
import { MIN_CASES_FOR_OVERALL } from './overall.ts';

export const DEFINITIONS: Readonly<Record<string, string>> = {
  percentiles: PERCENTILE_METHOD,
  latency:
    'E2E latency per case: p50/p95 of successful requests (p99 only when both arms have ≥ thresholds.latency.p99MinSamples), ' +
    'candidate ÷ live baseline. A regression needs practical size (p50 ratio > 1 + thresholds.latency.p50, or p95 ratio > 1 + p95, ' +
    'or gated p99 ratio > 1 + p99; per-case overrides latencyP50/latencyP95), statistical evidence (one-sided Mann-Whitney U, ' +
    'Holm-adjusted across cases, p < thresholds.latency.alpha) and ≥ thresholds.latency.minSamples per arm. ' +
    'Too few samples, or practical size without evidence: inconclusive.',
  ttft: 'Time to first token on streamed requests, judged exactly like E2E latency.',
  mannWhitney:
    'One-sided Mann-Whitney U (H1: candidate stochastically slower). Exact null distribution when both arms have < 50 samples and ' +
    'no ties (as R wilcox.test); otherwise normal approximation with tie correction and continuity correction 0.5.',
  holm: 'Holm–Bonferroni step-down adjustment of the per-case latency p-values (and separately TTFT) across all cases of the run.',
  overallLatency:
    'Stratified by case: geometric mean of per-case p50 ratios over cases with enough samples; regression when it exceeds ' +
    `1 + thresholds.latency.p50 and a one-sided Wilcoxon signed-rank test on the log ratios gives p < alpha. Needs ≥ ${MIN_CASES_FOR_OVERALL} cases, else skipped. ` +
    'Pooled percentiles over all samples are shown for context, never gated.',
  similarity:
    'Word-level: 2·equal words ÷ (words of A + words of B) from a diff over words and punctuation (whitespace ignored). Identical → 1. ' +
    `Texts over ${DEFAULT_MAX_WORDS} words are aligned by sentence first and only changed regions word-diffed (a lower bound, flagged "bounded"); ` +
    'pairs whose bag-of-words overlap is already below the threshold report that upper bound (flagged). Case score: median over candidate × reference pairs.',
  similarityReference: 'The stored baseline when it is current for the case, else the baseline gateway in the same run; similarity to both is reported.',
  noiseFloor: 'Lowest pairwise similarity among the reference repeats (1 with one repeat or identical repeats).',
  similarityThreshold:
    'A case fails when its median similarity < min(case similarity ?? thresholds.similarity.min, noise floor − thresholds.similarity.margin).',
  compareModes: 'text: word similarity · json: parsed, key order ignored, equal → 1, else similarity of sorted-key JSON; unparseable → 0 · exact: bytes · none: not compared.',
  cost:
    'Mean cost per successful request, candidate ÷ baseline, with its source; fails above 1 + thresholds.cost.ratio; unknown cost on one side is inconclusive, ' +
    'never 0; unknown on both sides is not measured; an estimated cost on either side is not comparable (shown, not gated). Prices: the gateway\'s own cost, ' +
    "else its catalog (read once per run, copied to catalogs/ in the report folder), else prices: in eval.config.yaml.",
  tokens:
    'Mean prompt + completion tokens per successful request, candidate ÷ baseline; fails above 1 + thresholds.tokens.ratio. Gated only when both sides are ' +
    'reported (or both estimated by cutover); otherwise not comparable (shown, not gated).',
  ...provenanceDefinitions(),
  errors:
    'Per case: candidate errors where the baseline had none fail; both erring is inconclusive when the candidate errs more often. ' +
    'Run: candidate error rate over ordinary cases above thresholds.errorRate.max fails. Interrupted requests are not counted.',
  contract:
    'Contract cases must fail with the expected status: invalid-key 401, invalid-model 400, both any 4xx, unless expectStatus sets it per gateway. ' +
    'Differences in status, code or kind between the gateways are findings even when both pass.',
  assertions: 'contains / regex / equals (trimmed) / json-schema (ajv) must hold on every successful candidate output.',
  stream:
    'Candidate streams must be complete by content (finish_reason and/or usage) with no truncation or error frame; for deterministic cases ' +
    '(temperature 0 or seed) streamed text must equal non-streamed text, unless the baseline does not manage that either.',
  features: 'A feature dropped/ignored on one gateway only (runner findings, tools without tool calls, JSON format without JSON) fails.',
  verdict:
    'Case: fail if any check fails, else inconclusive if any is, else pass. Run: fail if any case or run-level check fails, else inconclusive ' +
    'if any is, else pass. Inconclusive (measured, not enough evidence) passes the gate unless --strict. ' +
    'A check neither gateway could measure (no cost source, no streamed sample) is "not measured", and one whose sides are not like for like ' +
    'is "not comparable": both are shown with their reason, never gated and never counted as inconclusive.',
};
