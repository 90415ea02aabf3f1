/**
 * The `distribution` check (issue 16): is the candidate serving the same output distribution as
 * the baseline under the same model name? At temperature > 0 two samples of one model differ as
 * much as two samples of a slightly different one, so word similarity cannot tell; a two-sample
 * test over the repeats can. Per case: the candidate's completions against the live baseline's
 * (and against the stored baseline's when it holds enough of them), by MMD with a permutation
 * p-value (distribution-mmd.ts). The gate then adjusts the per-case p-values (Holm) and runs the
 * pooled, prompt-stratified test over all eligible cases (src/gate/distribution.ts).
 */
import type { Thresholds } from '../config/schema.ts';
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import { excessZ, permutationNull, exactNull, aggregateTest, type StratumNull, type TestSpec } from './distribution-mmd.ts';
import { TEST_KERNELS, type KernelName } from './distribution-kernels.ts';

export type DistributionSettings = Thresholds['distribution'];

/** Labellings enumerated outright (an exact p-value) when a case has at most this many. */
export const EXACT_LIMIT = 5000;

export type ReferenceName = 'live' | 'stored';

export interface ReferenceTest {
  reference: ReferenceName;
  /** Reference completions tested. */
  samples: number;
  /** Observed statistic: the largest standardised MMD² over the kernels (z units). */
  statistic: number;
  /** Observed unbiased MMD² per kernel. */
  mmd: Partial<Record<KernelName, number>>;
  /** Per kernel, how many permutation deviations the observed MMD² lies above their mean. */
  z: Partial<Record<KernelName, number>>;
  pValue: number;
  /** True when every labelling was enumerated (the p-value is exact). */
  exact: boolean;
  /** Labellings the p-value was computed over (observed included). */
  labellings: number;
}

export interface DistributionMetrics {
  /** Candidate completions tested. */
  candidateSamples: number;
  /** One test per reference arm: live always, stored when the baseline holds enough samples. */
  tests: ReferenceTest[];
  /** The case's p-value: the smaller reference p-value × the number of references (Bonferroni). */
  pValue?: number;
  /** Which reference gave the smaller p-value. */
  decidedBy?: ReferenceName;
  /** Set by the gate: Holm-adjusted p over the eligible cases, and their number. */
  pAdjusted?: number;
  holmFamily?: number;
  kernels: readonly KernelName[];
  permutations: number;
  /** Characters of each completion the kernels compare (longer ones are truncated). */
  L: number;
  /** A few completions of each arm (the deciding reference's), for the report; not kept for the gate. */
  examples?: { reference: string[]; candidate: string[] };
}

export type DistributionCheck = CheckOf<'distribution', DistributionMetrics>;

/** Completions shown per arm in the report, and how much of each. */
const EXAMPLES = 3;
const EXAMPLE_CHARS = 400;

/**
 * What the pooled test needs of a case beyond its check: each reference's permutation
 * distribution, standardised per kernel. Handed to the run's pool, never written to reports.
 */
export interface DistributionNulls {
  live?: StratumNull;
  stored?: StratumNull;
}

export interface DistributionInput {
  case: PromptCase;
  baseline: readonly Sample[];
  candidate: readonly Sample[];
  stored: readonly Sample[] | null;
  settings: DistributionSettings;
}

function texts(samples: readonly Sample[], L: number): string[] {
  const out: string[] = [];
  for (const s of samples) if (s.kind === 'ok' && s.text !== null) out.push(truncateChars(s.text, L));
  return out;
}

function truncateChars(text: string, L: number): string {
  if (text.length <= L) return text;
  return [...text].slice(0, L).join('');
}

export function testSpec(settings: DistributionSettings): TestSpec {
  return { kernels: TEST_KERNELS, permutations: settings.permutations, seed: settings.seed };
}

function describe(test: StratumNull, exact: StratumNull | null, reference: ReferenceName, kernels: readonly KernelName[]): ReferenceTest {
  const decided = exact ?? test;
  const stat = aggregateTest(decided.mmd);
  const z = excessZ(decided.mmd);
  return {
    reference,
    samples: decided.m,
    statistic: stat.statistic,
    mmd: Object.fromEntries(kernels.map((k, i) => [k, (decided.mmd[i] as Float64Array)[0] as number])),
    z: Object.fromEntries(kernels.map((k, i) => [k, z[i] as number])),
    pValue: stat.pValue,
    exact: exact !== null,
    labellings: stat.labellings,
  };
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

export function distributionCheck(input: DistributionInput): { check: DistributionCheck; nulls: DistributionNulls } {
  const { settings } = input;
  const spec = testSpec(settings);
  const metrics: DistributionMetrics = { candidateSamples: 0, tests: [], kernels: spec.kernels, permutations: settings.permutations, L: settings.maxChars };
  const notMeasured = (reason: string): { check: DistributionCheck; nulls: DistributionNulls } => ({ check: { check: 'distribution', verdict: 'not-measured', reason, metrics }, nulls: {} });
  // Where the check does not apply it is skipped (like ttft on a case that is not streamed), not "not measured".
  const skipped = (reason: string): { check: DistributionCheck; nulls: DistributionNulls } => ({ check: { check: 'distribution', verdict: 'skipped', reason, metrics }, nulls: {} });
  const temperature = input.case.params.temperature ?? 0;
  if (input.case.expectError !== undefined) return skipped('Contract case: no completions to compare.');
  if (temperature <= 0) return skipped('Temperature 0 (or unset): outputs are not sampled, so there is no distribution to compare (similarity compares them).');
  const candidate = texts(input.candidate, settings.maxChars);
  const live = texts(input.baseline, settings.maxChars);
  const stored = input.stored === null ? [] : texts(input.stored, settings.maxChars);
  metrics.candidateSamples = candidate.length;
  const min = settings.minSamples;
  if (candidate.length < min || live.length < min) {
    return notMeasured(`Needs ${min} text completions per arm, has ${live.length} (baseline) and ${candidate.length} (candidate).`);
  }
  const nulls: DistributionNulls = {};
  const references: Array<[ReferenceName, string[]]> = [['live', live]];
  if (stored.length >= min) references.push(['stored', stored]);
  for (const [reference, ref] of references) {
    const stratum = { id: `${input.case.id}\u0001${reference}`, reference: ref, candidate };
    const test = permutationNull(stratum, spec);
    const exact = exactNull(stratum, spec, Math.min(EXACT_LIMIT, settings.permutations + 1));
    nulls[reference] = test;
    metrics.tests.push(describe(test, exact, reference, spec.kernels));
  }
  const best = metrics.tests.reduce((a, b) => (b.pValue < a.pValue ? b : a));
  metrics.pValue = Math.min(1, best.pValue * metrics.tests.length);
  metrics.decidedBy = best.reference;
  const shown = (list: readonly string[]): string[] => list.slice(0, EXAMPLES).map((t) => truncateChars(t, EXAMPLE_CHARS));
  metrics.examples = { reference: shown(best.reference === 'stored' ? stored : live), candidate: shown(candidate) };
  const against = metrics.tests.map((t) => `${t.reference} baseline ${formatP(t.pValue)}`).join(', ');
  const reason = `Output distribution vs ${metrics.tests.map((t) => t.reference).join(' and ')} baseline: p = ${formatP(metrics.pValue)} (${against}; ${candidate.length} vs ${live.length} samples, ${best.exact ? 'exact' : `${settings.permutations} permutations`}).`;
  // Provisional: the gate adjusts across cases and gates on the pooled test (src/gate/distribution.ts).
  return { check: { check: 'distribution', verdict: 'pass', reason, metrics }, nulls };
}
