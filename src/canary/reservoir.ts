/**
 * A bounded uniform sample of latencies, for the statistical tests that need values rather than
 * a sketch (rank tests, bootstrap). Algorithm R while recording; merging two samples keeps it
 * uniform over both populations by drawing from each in proportion to the calls it stands for.
 */

export const DEFAULT_MAX_LATENCY_SAMPLES = 20_000;

export interface Sample {
  values: number[];
  /** How many values the sample was drawn from (the arm's successful calls). */
  population: number;
}

/** Algorithm R: the i-th value replaces a random slot with probability cap / i. Kept to the microsecond. */
export function offer(sample: Sample, ms: number, cap: number, random: () => number): void {
  const value = Math.round(ms * 1000) / 1000;
  sample.population++;
  if (sample.values.length < cap) {
    sample.values.push(value);
    return;
  }
  const slot = Math.floor(random() * sample.population);
  if (slot < cap) sample.values[slot] = value;
}

/** `k` values of `values` chosen uniformly without replacement (partial Fisher-Yates on a copy). */
function choose(values: readonly number[], k: number, random: () => number): number[] {
  const a = [...values];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a.slice(0, k);
}

/**
 * Two samples as one sample of both populations. While both are complete (every value kept) and
 * fit, they are simply joined. Otherwise each contributes in proportion to its population, as
 * many values as the scarcer side allows, at most `cap`: a process that saw ten times the calls
 * gets ten times the weight, as one recorder fed every call would have given it.
 */
export function mergeSamples(a: Sample, b: Sample, cap: number, random: () => number): Sample {
  const population = a.population + b.population;
  const complete = a.values.length === a.population && b.values.length === b.population;
  if (complete && population <= cap) return { values: [...a.values, ...b.values], population };
  if (population === 0) return { values: [], population };
  // The largest total n with n·share ≤ what each side holds.
  const limit = (s: Sample): number => (s.population === 0 ? Infinity : (s.values.length * population) / s.population);
  const n = Math.floor(Math.min(cap, limit(a), limit(b)));
  const fromA = Math.min(a.values.length, Math.round((n * a.population) / population));
  const fromB = Math.min(b.values.length, n - fromA);
  return { values: [...choose(a.values, fromA, random), ...choose(b.values, fromB, random)], population };
}
