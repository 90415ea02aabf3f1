/**
 * The noise floor of a case: how similar the reference gateway is to itself across repeats.
 * A candidate is only judged against what the baseline itself can reproduce. The floor must be
 * exact or a lower bound (bounded alignment of huge texts), never an upper bound (a bag-of-words
 * overlap is one): every pair is scored with lowerBoundOnly.
 */
import type { CompareMode } from '../suite/types.ts';
import { similarity, type SimilarityOptions } from './similarity.ts';

export interface NoiseFloor {
  /** Minimum pairwise similarity among the reference outputs; 1 with fewer than two. */
  floor0to1: number;
  pairs: number;
  /** True when any pair's score was a bound rather than exact. */
  bounded: boolean;
}

/**
 * Minimum over all pairs (not a low quantile): with the ≤ 10 repeats a case has, the minimum
 * is the most lenient honest floor, and a quantile of ≤ 45 pairs would be hardly different.
 */
export function noiseFloor(references: readonly string[], mode: CompareMode, options: Omit<SimilarityOptions, 'cutoff' | 'lowerBoundOnly'> = {}): NoiseFloor {
  let floor = 1;
  let pairs = 0;
  let bounded = false;
  for (let i = 0; i < references.length; i++) {
    for (let j = i + 1; j < references.length; j++) {
      const r = similarity(references[i] as string, references[j] as string, mode, { ...options, lowerBoundOnly: true });
      pairs++;
      bounded ||= r.bounded;
      floor = Math.min(floor, r.similarity0to1);
    }
  }
  return { floor0to1: floor, pairs, bounded };
}
