/** Per-server simulator state and the seeded per-request draws (latency jitter, fault, variation). */
import type { FaultKind, SimSpec } from '../config/schema.ts';
import type { ProfileName } from '../gateway/types.ts';
import { catalogFor, type SimModel } from './catalog.ts';
import { mixSeeds, pick, rngFrom } from './rng.ts';
import { TurnQueue } from './turns.ts';

export interface SimState {
  profile: ProfileName;
  /** The only key this server accepts. Kept here, never logged or echoed. */
  apiKey: string;
  sim: SimSpec;
  catalog: readonly SimModel[];
  /** Chat requests seen so far; seeds each request's draws. */
  requests: number;
  /**
   * The latency each answered request was given, by request id, so a test can compare what the
   * harness measured with what was injected (GET /__sim/injected). Bounded: oldest dropped first.
   */
  injected: Map<string, InjectedLatency>;
  /** Sampled answers given so far per request key: numbers the repeats of each request. */
  variations: Map<string, number>;
  /** Answers are generated one per event-loop turn, so arrivals are stamped between them (turns.ts). */
  turns: TurnQueue;
  /** firstAttemptFaults: faults given per request body whose retry is still to come. */
  pendingRetries: Map<string, number>;
}

export interface InjectedLatency {
  /** Arrival → first content chunk handed to the socket (streamed requests), as it happened. */
  ttftMs: number | null;
  /**
   * Arrival → the last bytes of the answer handed to the socket, as it happened (timer lateness
   * included). Stamped just before each write, so a client's own measure of the same request
   * (from before it sent to after it read) always contains this one.
   */
  e2eMs: number;
  /** Arrival → last byte as the latency model aimed for it. */
  targetE2eMs?: number;
  /** Wall-clock arrival (performance.timeOrigin + now), to place the request in time across processes. */
  arrivedAtEpochMs?: number;
}

const MAX_INJECTED_RECORDS = 100_000;

export function recordInjected(state: SimState, requestId: string, latency: InjectedLatency): void {
  if (state.injected.size >= MAX_INJECTED_RECORDS) {
    const oldest = state.injected.keys().next();
    if (!oldest.done) state.injected.delete(oldest.value);
  }
  state.injected.set(requestId, latency);
}

export function createState(profile: ProfileName, apiKey: string, sim: SimSpec): SimState {
  return { profile, apiKey, sim, catalog: catalogFor(profile, sim.missingModels), requests: 0, injected: new Map(), variations: new Map(), turns: new TurnQueue(), pendingRetries: new Map() };
}

export interface RequestDraw {
  index: number;
  /** Multiplies every latency of this request: seeded jitter × drift.latencyFactor. */
  latencyFactor: number;
  fault: FaultKind | null;
}

/**
 * `retryKey` identifies a request's body: with firstAttemptFaults, the next request with the same
 * body after a fault is taken as its retry and answered normally (a repeat of the same case that
 * arrives in between takes that place; the share of faulted first attempts stays the configured one).
 */
export function drawRequest(state: SimState, retryKey = ''): RequestDraw {
  const index = state.requests++;
  const { sim } = state;
  const jitterRng = rngFrom(mixSeeds(sim.seed, 'latency', index));
  const jitter = 1 + sim.latency.jitter * (2 * jitterRng() - 1);
  let latencyFactor = jitter * (sim.drift?.latencyFactor ?? 1);
  if (sim.slowTail !== undefined && rngFrom(mixSeeds(sim.slowTail.seed, 'slow', index))() < sim.slowTail.fraction) latencyFactor *= sim.slowTail.factor;
  let fault: FaultKind | null = null;
  if (sim.faults !== undefined && sim.faults.rate > 0) {
    const faultRng = rngFrom(mixSeeds(sim.faults.seed, 'fault', index));
    if (faultRng() < sim.faults.rate) fault = pick(faultRng, sim.faults.kinds);
  }
  const first = sim.firstAttemptFaults;
  if (fault === null && first !== undefined && first.rate > 0) {
    const pending = state.pendingRetries.get(retryKey) ?? 0;
    if (pending > 0) {
      if (pending === 1) state.pendingRetries.delete(retryKey);
      else state.pendingRetries.set(retryKey, pending - 1);
    } else if (rngFrom(mixSeeds(first.seed, 'first-attempt', index))() < first.rate) {
      fault = first.kind;
      if (state.pendingRetries.size >= MAX_VARIATION_KEYS) state.pendingRetries.clear();
      state.pendingRetries.set(retryKey, 1);
    }
  }
  return { index, latencyFactor, fault };
}

const MAX_VARIATION_KEYS = 100_000;

/**
 * Seed of the next sampled answer to this request: the k-th repeat of a request gets the k-th
 * seed of its own sequence, so a run's answers (as a set per case) do not depend on the order in
 * which concurrent requests arrive, and a rerun of the same target reproduces them.
 */
export function nextVariation(state: SimState, key: string): number {
  const k = state.variations.get(key) ?? 0;
  if (k === 0 && state.variations.size >= MAX_VARIATION_KEYS) state.variations.clear();
  state.variations.set(key, k + 1);
  return mixSeeds(state.sim.seed, 'variation', key, k);
}
