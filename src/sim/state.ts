/** Per-server simulator state and the seeded per-request draws (latency jitter, fault, variation). */
import type { FaultKind, SimSpec } from '../config/schema.ts';
import type { ProfileName } from '../gateway/types.ts';
import { catalogFor, type SimModel } from './catalog.ts';
import { mixSeeds, pick, rngFrom } from './rng.ts';

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
}

export interface InjectedLatency {
  /** Arrival → first content chunk written (streamed requests), as it happened. */
  ttftMs: number | null;
  /** Arrival → last byte of the answer written, as it happened (timer lateness included). */
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
  return { profile, apiKey, sim, catalog: catalogFor(profile, sim.missingModels), requests: 0, injected: new Map() };
}

export interface RequestDraw {
  index: number;
  /** Multiplies every latency of this request: seeded jitter × drift.latencyFactor. */
  latencyFactor: number;
  fault: FaultKind | null;
  variationSeed: number;
}

export function drawRequest(state: SimState): RequestDraw {
  const index = state.requests++;
  const { sim } = state;
  const jitterRng = rngFrom(mixSeeds(sim.seed, 'latency', index));
  const jitter = 1 + sim.latency.jitter * (2 * jitterRng() - 1);
  const latencyFactor = jitter * (sim.drift?.latencyFactor ?? 1);
  let fault: FaultKind | null = null;
  if (sim.faults !== undefined && sim.faults.rate > 0) {
    const faultRng = rngFrom(mixSeeds(sim.faults.seed, 'fault', index));
    if (faultRng() < sim.faults.rate) fault = pick(faultRng, sim.faults.kinds);
  }
  return { index, latencyFactor, fault, variationSeed: mixSeeds(sim.seed, 'variation', index) };
}
