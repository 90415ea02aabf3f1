/**
 * The time axis of canary metrics: per-arm counts and a latency sketch per time bucket.
 * Buckets are aligned to multiples of their width since the epoch, so buckets of any two
 * recorders line up, and a coarser width (a multiple of the finer one) holds whole buckets:
 * widening the buckets, or merging files from several processes, loses nothing but resolution.
 */
import type { Arm, CanaryMetric } from './types.ts';
import type { BucketArm, TimeBucket } from './format.ts';
import { mergeSketches, newSketch, sketchFromJson, sketchToJson, type Sketch } from './sketch.ts';

export interface LiveArm {
  requests: number;
  errors: number;
  errorsByStatus: Record<string, number>;
  /** Latencies of successful calls. */
  latency: Sketch;
}

export interface LiveBucket {
  /** Epoch ms, a multiple of the timeline's width. */
  start: number;
  baseline: LiveArm;
  candidate: LiveArm;
}

export const ARMS: readonly Arm[] = ['baseline', 'candidate'];

const emptyArm = (): LiveArm => ({ requests: 0, errors: 0, errorsByStatus: {}, latency: newSketch() });

/** `"502"`, `"429"`, or `"no-response"` when no HTTP answer arrived: the key of `errorsByStatus`. */
export function errorKey(outcome: Extract<CanaryMetric['outcome'], { kind: 'error' }>): string {
  return outcome.status === null ? 'no-response' : String(outcome.status);
}

export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function mergeArm(into: LiveArm, from: LiveArm): void {
  into.requests += from.requests;
  into.errors += from.errors;
  addCounts(into.errorsByStatus, from.errorsByStatus);
  into.latency.merge(from.latency);
}

const MINUTE = 60_000;
/** Bucket widths a recorder widens through: each a multiple of the one before, all round for people. */
const LADDER = [1, 5, 15, 30, 60, 120, 360, 720, 1440].map((m) => m * MINUTE);

/** The next width up the ladder that holds whole buckets of `bucketMs` (doubling past its end). */
export function widerBucket(bucketMs: number): number {
  return LADDER.find((w) => w > bucketMs && w % bucketMs === 0) ?? bucketMs * 2;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
export const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** Buckets keyed by start; `widen` and `absorb` keep the alignment. */
export class Timeline {
  #buckets = new Map<number, LiveBucket>();
  constructor(public bucketMs: number) {}

  get size(): number {
    return this.#buckets.size;
  }

  #bucket(at: number): LiveBucket {
    const start = Math.floor(at / this.bucketMs) * this.bucketMs;
    let b = this.#buckets.get(start);
    if (!b) {
      b = { start, baseline: emptyArm(), candidate: emptyArm() };
      this.#buckets.set(start, b);
    }
    return b;
  }

  record(m: CanaryMetric): void {
    const a = this.#bucket(m.startedAt)[m.arm];
    a.requests++;
    if (m.outcome.kind === 'error') {
      a.errors++;
      const key = errorKey(m.outcome);
      a.errorsByStatus[key] = (a.errorsByStatus[key] ?? 0) + 1;
    } else a.latency.accept(m.latencyMs);
  }

  /** Re-bucket to a width that is a multiple of the current one. */
  widen(bucketMs: number): void {
    if (bucketMs === this.bucketMs) return;
    if (bucketMs % this.bucketMs !== 0) throw new Error(`cannot widen ${this.bucketMs} ms buckets to ${bucketMs} ms`);
    const old = [...this.#buckets.values()];
    this.#buckets = new Map();
    this.bucketMs = bucketMs;
    for (const b of old) this.#absorbBucket(b);
  }

  #absorbBucket(b: LiveBucket): void {
    const into = this.#bucket(b.start);
    for (const arm of ARMS) mergeArm(into[arm], b[arm]);
  }

  /** Adds another timeline's buckets (widening either to the least common width). */
  absorb(other: Timeline): void {
    const width = lcm(this.bucketMs, other.bucketMs);
    this.widen(width);
    const copy = Timeline.fromJson(other.toJson(), other.bucketMs);
    copy.widen(width);
    for (const b of copy.buckets()) this.#absorbBucket(b);
  }

  buckets(): LiveBucket[] {
    return [...this.#buckets.values()].sort((a, b) => a.start - b.start);
  }

  toJson(): TimeBucket[] {
    const arm = (a: LiveArm): BucketArm => ({ requests: a.requests, errors: a.errors, errorsByStatus: { ...a.errorsByStatus }, latencyMs: sketchToJson(a.latency) });
    return this.buckets().map((b) => ({ start: new Date(b.start).toISOString(), baseline: arm(b.baseline), candidate: arm(b.candidate) }));
  }

  static fromJson(buckets: readonly TimeBucket[], bucketMs: number): Timeline {
    const t = new Timeline(bucketMs);
    const arm = (a: BucketArm): LiveArm => ({ requests: a.requests, errors: a.errors, errorsByStatus: { ...a.errorsByStatus }, latency: sketchFromJson(a.latencyMs) });
    for (const b of buckets) t.#absorbBucket({ start: Date.parse(b.start), baseline: arm(b.baseline), candidate: arm(b.candidate) });
    return t;
  }
}

/** One arm over a run of buckets: summed counts, merged sketch. */
export function sumArm(buckets: readonly LiveBucket[], arm: Arm): LiveArm {
  const out = emptyArm();
  out.latency = mergeSketches(buckets.map((b) => b[arm].latency));
  for (const b of buckets) {
    out.requests += b[arm].requests;
    out.errors += b[arm].errors;
    addCounts(out.errorsByStatus, b[arm].errorsByStatus);
  }
  return out;
}
