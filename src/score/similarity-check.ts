/**
 * Output similarity check: candidate outputs against the reference outputs (the stored
 * baseline when present, else the live baseline arm), judged against the reference's own
 * noise floor. Similarity to the other reference is reported too, never gated.
 */
import type { Thresholds } from '../config/schema.ts';
import type { CaseResult, CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { CompareMode } from '../suite/types.ts';
import { noiseFloor } from './noise.ts';
import { outputs, truncate } from './output.ts';
import { similarity, type SimilarityOptions } from './similarity.ts';
import { median } from './stats.ts';

export const DIFF_TEXT_MAX_CHARS = 50_000;

/** Only `compare` when the case is not compared (compare: none). */
export interface SimilarityMetrics {
  compare: CompareMode;
  referenceFrom?: 'stored' | 'live';
  /** Median similarity of the candidate to each reference; null when that side has no output. */
  vsStored?: number | null;
  vsLive?: number | null;
  noiseFloor?: number;
  margin?: number;
  minimum?: number;
  /** The gated threshold: min(minimum, noise floor − margin). */
  threshold?: number;
  bounded?: boolean;
  candidateOutputs?: number;
  referenceOutputs?: number;
  /** Live baseline outputs vs the stored ones (median): below the threshold, the old gateway drifted. */
  baselineVsStored?: number | null;
}

/** The start of the finding a drifted baseline gateway gives, per case (run/findings.ts gathers them). */
export const BASELINE_DRIFT = "the baseline gateway's outputs changed since the baseline was recorded";

export type SimilarityCheck = CheckOf<'similarity', SimilarityMetrics>;

export interface SimilarityInput {
  compare: CompareMode;
  caseThreshold?: number | undefined;
  candidate: readonly Sample[];
  live: readonly Sample[];
  stored: readonly Sample[] | null;
  thresholds: Thresholds['similarity'];
}

interface Score {
  median0to1: number;
  bounded: boolean;
  pairs: number;
}

/** Median over all (candidate, reference) pairs: symmetric with the noise floor's pairs. */
function score(candidate: readonly string[], reference: readonly string[], mode: CompareMode, options: SimilarityOptions): Score | null {
  if (candidate.length === 0 || reference.length === 0) return null;
  const values: number[] = [];
  let bounded = false;
  for (const c of candidate) {
    for (const r of reference) {
      const s = similarity(c, r, mode, options);
      values.push(s.similarity0to1);
      bounded ||= s.bounded;
    }
  }
  return { median0to1: median(values) ?? 0, bounded, pairs: values.length };
}

export function similarityCheck(input: SimilarityInput): { check: SimilarityCheck; diff?: NonNullable<CaseResult['diff']>; findings: string[] } {
  const { compare, thresholds } = input;
  if (compare === 'none') {
    return { check: { check: 'similarity', verdict: 'skipped', reason: 'compare: none.', metrics: { compare } }, findings: [] };
  }
  const candidate = outputs(input.candidate);
  const stored = input.stored === null ? [] : outputs(input.stored);
  const live = outputs(input.live);
  const referenceFrom = stored.length > 0 ? 'stored' : 'live';
  const reference = referenceFrom === 'stored' ? stored : live;
  const minimum = input.caseThreshold ?? thresholds.min;
  // Exact (or, on huge texts, a lower bound): never the bag-of-words upper bound a cutoff would
  // allow, which raised the floor and failed candidates that vary exactly like the baseline.
  const floor = noiseFloor(reference, compare);
  const threshold = Math.min(minimum, floor.floor0to1 - thresholds.margin);
  // Scores below the threshold need not be exact: bounds under it cannot change the verdict.
  const options: SimilarityOptions = { cutoff: Math.max(0, Math.min(0.5, threshold)) };
  const vsStored = score(candidate, stored, compare, options);
  const vsLive = score(candidate, live, compare, options);
  const gated = referenceFrom === 'stored' ? vsStored : vsLive;
  // The old gateway against its own recording: if it no longer matches, the stored baseline is stale.
  const drift = referenceFrom === 'stored' ? score(live, stored, compare, options) : null;
  const findings =
    drift !== null && drift.median0to1 < threshold
      ? [`${BASELINE_DRIFT} (live baseline vs stored: median similarity ${drift.median0to1.toFixed(3)}, below ${threshold.toFixed(3)}) — re-record the baseline or investigate`]
      : [];
  const metrics: SimilarityMetrics = {
    compare,
    referenceFrom,
    vsStored: vsStored?.median0to1 ?? null,
    vsLive: vsLive?.median0to1 ?? null,
    noiseFloor: floor.floor0to1,
    margin: thresholds.margin,
    minimum,
    threshold,
    bounded: (gated?.bounded ?? false) || floor.bounded,
    candidateOutputs: candidate.length,
    referenceOutputs: reference.length,
    baselineVsStored: drift?.median0to1 ?? null,
  };
  if (gated === null) {
    const missing = candidate.length === 0 ? 'no successful candidate output' : 'no successful reference output';
    return { check: { check: 'similarity', verdict: 'inconclusive', reason: `Cannot compare outputs: ${missing}.`, metrics }, findings };
  }
  const first = candidate[0] as string;
  const firstReference = reference[0] as string;
  const diff =
    first === firstReference
      ? undefined
      : {
          reference: truncate(firstReference, DIFF_TEXT_MAX_CHARS),
          candidate: truncate(first, DIFF_TEXT_MAX_CHARS),
          referenceFrom,
          similarity: similarity(first, firstReference, compare, options).similarity0to1,
        } as const;
  const shown = `median similarity ${gated.median0to1.toFixed(3)} vs ${referenceFrom} baseline`;
  const check: SimilarityCheck =
    gated.median0to1 < threshold
      ? {
          check: 'similarity',
          verdict: 'fail',
          reason: `Outputs changed: ${shown}, below ${threshold.toFixed(3)} (min ${minimum}, noise floor ${floor.floor0to1.toFixed(3)} − margin ${thresholds.margin}).`,
          metrics,
        }
      : { check: 'similarity', verdict: 'pass', reason: `Outputs match: ${shown} (threshold ${threshold.toFixed(3)}).`, metrics };
  return diff === undefined ? { check, findings } : { check, diff, findings };
}
