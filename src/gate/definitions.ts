/** Every method and threshold the scoring and the gate use, in words, for reports. */
import { DEFAULT_MAX_WORDS } from '../score/similarity.ts';
import { PERCENTILE_METHOD } from '../score/stats.ts';
import { provenanceDefinitions } from '../gateway/provenance.ts';
import { BOOTSTRAP_RESAMPLES, PERMUTATION_STOP_EXTREMES, PERMUTATIONS } from '../score/bootstrap.ts';
import { P95_MIN_SAMPLES_FLOOR } from '../score/latency.ts';
import { POWER_TARGET } from '../score/power.ts';
import { MIN_CASES_FOR_OVERALL } from './overall.ts';

export const DEFINITIONS: Readonly<Record<string, string>> = {
  percentiles: PERCENTILE_METHOD,
  latency:
    'E2E latency per case (last attempt, successful requests), candidate ÷ live baseline, on criteria: p50 (evidence: one-sided Mann-Whitney), ' +
    `p95 when both arms have ≥ thresholds.latency.p95MinSamples (at least ${P95_MIN_SAMPLES_FLOOR}: below that a p95 is the largest one or two samples, ` +
    'one slow request decides it and no honest interval exists; shown, not gated) and p99 with ≥ p99MinSamples (evidence for both: a permutation test ' +
    'of the quantile ratio; interval: its bootstrap). Limits thresholds.latency.p50/p95/p99, per-case latencyP50/latencyP95. Each criterion is judged by the practical-size rule. ' +
    'Fewer than thresholds.latency.minSamples per arm: inconclusive. Neither side measured: not measured.',
  practicalRule:
    'One rule per case, at run level and in rollout. Evidence: the criterion\'s one-sided test, p < thresholds.latency.alpha after Holm. Practical: the 95 % ' +
    'interval of the ratio (or of the error-rate increase) reaches the limit. Evidence and practical → fail. Evidence, interval under the limit → pass ' +
    '(slower, by less than matters; the gap is shown). Practical size without evidence (estimate over the limit, test not significant) → pass, ' +
    'the gap named as not significant (noise at these sizes; rollout: promote once both arms have --min-requests). Every pass says what the check ' +
    'could have detected. Inconclusive is kept for "measured, too little to judge at all" (fewer than minSamples, cost unknown on one side).',
  detectable:
    `"Could have detected ≥ +X %": the smallest true slowdown the criterion fails with ${POWER_TARGET * 100} % power at its sample sizes, spread of ln latency ` +
    '(MAD × 1.4826 with its small-sample factor), Holm family size and the number of the gate\'s checks sharing alpha — a slowdown only this check sees is tested at alpha ÷ both ' +
    '(normal approximations, checked by npm run calibrate). "nothing": no result can be significant at these sizes.',
  ttft: 'Time to first token on streamed requests, judged exactly like E2E latency (Holm family of its own).',
  appLatency:
    'What the application waited: first attempt start → final answer, retries and back-off included, judged like E2E latency (Holm family of its own). ' +
    'Skipped when no request on either side was retried (it is then E2E latency again).',
  mannWhitney:
    'One-sided Mann-Whitney U (H1: candidate stochastically slower). Exact null distribution when both arms have < 50 samples and ' +
    'no ties (as R wilcox.test); otherwise normal approximation with tie correction and continuity correction 0.5.',
  bootstrap:
    `Quantile ratio interval: each arm resampled independently ${BOOTSTRAP_RESAMPLES} times (seeded, reproducible); the 95 % percentile interval of ` +
    'candidate quantile ÷ baseline quantile. Evidence for p95/p99: a permutation test of that log ratio (the arms\' labels shuffled ' +
    `up to ${PERMUTATIONS} times, seeded), exact at any sample size, sequential (Besag & Clifford): it stops after ${PERMUTATION_STOP_EXTREMES} permutations at least as ` +
    `extreme with p = ${PERMUTATION_STOP_EXTREMES} ÷ permutations drawn, else p = (1 + #{permuted ratio ≥ observed}) ÷ (${PERMUTATIONS} + 1).`,
  holm:
    'Holm–Bonferroni step-down adjustment over every criterion of every case of the run, one family per check (latency, ttft, app-latency, errors, ' +
    'first-attempt, cost, tokens). Error comparisons that cannot reach alpha with their counts are left out of the family (Tarone). ' +
    'Then across the gate: each family\'s smallest adjusted p and each run-level test (latency, ttft, app-latency, errors, first-attempt) are ' +
    'Holm-adjusted across those families, and a hypothesis fails only if its family does, so a whole run false-alarms at most alpha of the time ' +
    'however many checks it has (a shared upstream\'s errors and slow calls touch them all at once). Outside that budget: the SLO (a ceiling), ' +
    'similarity (noise-floor rule), the distribution check (its own pooled test) and contract cases.',
  overallLatency:
    'Stratified by case: geometric mean of per-case p50 ratios over cases with enough samples, its t-interval, and a one-sided Wilcoxon signed-rank ' +
    `test on the log ratios (normal approximation when zeros or ties are present, as R), judged by the practical-size rule. Needs ≥ ${MIN_CASES_FOR_OVERALL} cases, ` +
    'else skipped. Pooled percentiles over all samples are shown for context, never gated.',
  similarity:
    'Word-level: 2·equal words ÷ (words of A + words of B) from a diff over words and punctuation (whitespace ignored). Identical → 1. ' +
    `Texts over ${DEFAULT_MAX_WORDS} words are aligned by sentence first and only changed regions word-diffed (a lower bound, flagged "bounded"); ` +
    'pairs whose bag-of-words overlap is already below the threshold report that upper bound (flagged). Case score: median over candidate × reference pairs.',
  similarityReference: 'The stored baseline when it is current for the case, else the baseline gateway in the same run; similarity to both is reported.',
  noiseFloor:
    'Lowest pairwise similarity among the reference repeats (1 with one repeat or identical repeats), each pair scored exactly or, on huge texts, ' +
    'as a lower bound (sentence-aligned diff) — never the bag-of-words upper bound, which would raise the floor and fail candidates that vary like the baseline.',
  similarityThreshold:
    'A case fails when its median similarity < min(case similarity ?? thresholds.similarity.min, noise floor − thresholds.similarity.margin).',
  compareModes: 'text: word similarity · json: parsed, key order ignored, equal → 1, else similarity of sorted-key JSON; unparseable → 0 · exact: bytes · none: not compared.',
  cost:
    'Mean cost per successful request, candidate ÷ baseline, with its source, judged like tokens (Mann-Whitney on per-request costs, Holm across cases, ' +
    'bootstrap interval of the ratio of means against 1 + thresholds.cost.ratio); unknown cost on one side is inconclusive, ' +
    'never 0; unknown on both sides is not measured; an estimated cost on either side is not comparable (shown, not gated). Prices: the gateway\'s own cost, ' +
    "else its catalog (read once per run, copied to catalogs/ in the report folder), else prices: in eval.config.yaml.",
  tokens:
    'Mean prompt + completion tokens per successful request, candidate ÷ baseline, by the practical-size rule: evidence is a one-sided Mann-Whitney ' +
    'on the per-request counts (Holm across cases), the interval a seeded bootstrap of the ratio of means against 1 + thresholds.tokens.ratio — so the ' +
    'length variation of sampled (temperature > 0) answers is not a regression. Gated only when both sides are ' +
    'reported (or both estimated by cutover); otherwise not comparable (shown, not gated).',
  ...provenanceDefinitions(),
  errors:
    'Per case and pooled over the run: candidate error rate − baseline error rate, Fisher\'s exact one-sided test (Holm across cases) and the ' +
    'Newcombe 95 % interval of the increase against thresholds.errorRate.increase, by the practical-size rule: failures both gateways share ' +
    'blame neither. Interrupted requests are not counted. A passing run-level comparison says what it could have detected: the smallest candidate ' +
    'error rate it fails with 80 % power at these request counts, given the baseline\'s observed errors, tested at alpha ÷ the gate\'s checks ' +
    '(the error and first-attempt families an erring candidate adds included); exact (binomial), checked by npm run calibrate.',
  firstAttempt:
    'First-attempt errors per kind (429, 5xx, timeouts …): how often the first attempt failed, whatever the retries made of it; compared like errors, ' +
    'per case (Holm across cases and kinds) and pooled over the run. Retries never hide a failure.',
  slo:
    'Error-rate SLO: each gateway\'s error rate over the run against thresholds.errorRate.max, the same ceiling for both. Fails when the candidate is ' +
    'above it with evidence (exact one-sided binomial test, H0: rate ≤ max, p < alpha) and the breach is its own: the baseline is shown within the ' +
    'ceiling (exact binomial test, H0: rate ≥ max) or errs less (Fisher). Otherwise (both near or above it) the breach may be the shared upstream\'s: ' +
    'inconclusive, said so. Above it without evidence passes, said so. Not in the gate-wide adjustment (an absolute ceiling, not a comparison). ' +
    'The baseline\'s standing is shown beside it.',
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
