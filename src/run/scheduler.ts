/**
 * The request loop: per-gateway p-limit at equal concurrency, jobs interleaved A,B,A,B so that
 * network drift hits both gateways alike, warm-up requests sent first and excluded, and queue
 * wait (`queuedMs`) recorded apart from latency. Jobs are generated lazily with back-pressure,
 * so memory does not grow with the size of the suite.
 */
import { performance } from 'node:perf_hooks';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Role } from '../gateway/types.ts';
import type { PromptCase } from '../suite/types.ts';
import type { Sample } from './sample.ts';
import { buildRequest, type ArmClient } from './request.ts';

export interface Job {
  case: PromptCase;
  stream: boolean;
  repeat: number;
  role: Role;
  warmup: boolean;
}

export interface RunOptions {
  cases: readonly PromptCase[];
  arms: readonly Role[];
  clients: Readonly<Record<Role, ArmClient | undefined>>;
  warmup: number;
  /** Overrides the repeat of ordinary (non-contract) cases. */
  repeat?: number | undefined;
  /** Stop sending new requests when aborted (SIGINT). */
  signal: AbortSignal;
  /** Cancels requests in flight (a grace period after `signal`). */
  hardSignal: AbortSignal;
  onSample: (s: Sample) => void;
  /**
   * The caller holds no other reference to `cases`: each slot is emptied once its case's jobs are
   * generated, so a case is garbage once its samples are scored (a 10,000-case suite is ~13 MB).
   */
  consumeCases?: boolean;
}

export function repeatOf(c: PromptCase, override: number | undefined): number {
  return c.expectError === undefined && override !== undefined ? override : c.repeat;
}

/** All measured jobs in interleaved order, then nothing else. Warm-ups come first. */
export function* jobs(opts: Pick<RunOptions, 'cases' | 'arms' | 'warmup' | 'repeat' | 'consumeCases'>): Generator<Job> {
  const first = opts.cases.find((c) => c.expectError === undefined);
  if (first !== undefined) {
    for (let i = 0; i < opts.warmup; i++) {
      for (const role of opts.arms) yield { case: first, stream: false, repeat: -1 - i, role, warmup: true };
    }
  }
  // Counterbalanced: A,B on even repeats, B,A on odd ones. The gateway sent second meets the
  // first one's work already in flight (on the client, and on a shared upstream); always sending
  // one gateway first would bias latency against the other whenever the machine is busy.
  const reversed = [...opts.arms].reverse();
  const cases = opts.cases as Array<PromptCase | undefined>;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i] as PromptCase;
    if (opts.consumeCases === true) cases[i] = undefined;
    const n = repeatOf(c, opts.repeat);
    for (let r = 0; r < n; r++) {
      for (const stream of c.streamModes) {
        for (const role of r % 2 === 0 ? opts.arms : reversed) yield { case: c, stream, repeat: r, role, warmup: false };
      }
    }
  }
}

export function countJobs(opts: Pick<RunOptions, 'cases' | 'arms' | 'repeat'>): number {
  let n = 0;
  for (const c of opts.cases) n += repeatOf(c, opts.repeat) * c.streamModes.length * opts.arms.length;
  return n;
}

export interface RunSummary {
  interrupted: boolean;
  sent: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runSuite(opts: RunOptions): Promise<RunSummary> {
  const limits = new Map<Role, { limit: LimitFunction; concurrency: number }>();
  for (const role of opts.arms) {
    const arm = opts.clients[role];
    if (!arm) throw new Error(`no client for the ${role} arm`);
    limits.set(role, { limit: pLimit(arm.gateway.concurrency), concurrency: arm.gateway.concurrency });
  }
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let wake: (() => void) | null = null;
  const settled = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  /** Warm-up requests in flight; measured requests wait for them (null once they are done). */
  let warming: Array<Promise<void>> | null = [];
  for (const job of jobs(opts)) {
    if (opts.signal.aborted) break;
    const slot = limits.get(job.role);
    const arm = opts.clients[job.role];
    if (!slot || !arm) continue;
    if (!job.warmup && warming !== null) {
      // Warm-ups finish before the first measured request leaves, so whatever they warm (a
      // gateway's, a simulator's first-request work) is not in the first wave's latency.
      await Promise.allSettled(warming);
      warming = null;
    }
    // Back-pressure: keep at most 2× concurrency queued per gateway.
    while (slot.limit.activeCount + slot.limit.pendingCount >= slot.concurrency * 2 && !opts.signal.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (opts.signal.aborted) break;
    const enqueuedAt = performance.now();
    const p = slot.limit(async () => {
      if (opts.signal.aborted) return;
      const queuedMs = performance.now() - enqueuedAt;
      sent++;
      const startedAt = new Date().toISOString();
      const req = buildRequest(job, arm);
      const attempted = await arm.client.send(req, opts.hardSignal);
      if (job.warmup || opts.hardSignal.aborted) return;
      opts.onSample(toSample(job, arm, req.model, attempted, queuedMs, startedAt));
    });
    const tracked: Promise<void> = p.finally(() => {
      inFlight.delete(tracked);
      settled();
    });
    inFlight.add(tracked);
    if (job.warmup) warming?.push(tracked);
    // Let this request get onto the wire before the next one is built: otherwise a burst of
    // starts (the first wave, or many slots freed at once) runs every request's set-up before any
    // is sent, and that wait would be timed as the first requests' latency.
    await yieldToEventLoop();
  }
  await Promise.all(inFlight);
  return { interrupted: opts.signal.aborted, sent };
}

function toSample(
  job: Job,
  arm: ArmClient,
  model: string,
  a: Awaited<ReturnType<ArmClient['client']['send']>>,
  queuedMs: number,
  startedAt: string,
): Sample {
  const base = {
    role: job.role,
    gateway: arm.gateway.name,
    caseId: job.case.id,
    caseHash: job.case.hash,
    repeat: job.repeat,
    stream: job.stream,
    model,
    timings: { queuedMs, ...a.timings, appMs: a.appMs },
    retries: a.retries,
    firstError: a.firstError,
    requestId: a.requestId,
    startedAt,
  };
  const o = a.outcome;
  // Added to `base` rather than spread into a new literal: one hidden class for every sample
  // (a literal opening with a spread gets its own per object in V8, ~2 µs each).
  const streamInfo = o.streamInfo ? { streamInfo: o.streamInfo } : null;
  if (o.kind === 'ok') {
    return Object.assign(base, { kind: 'ok' as const, text: o.text, toolCalls: o.toolCalls, finishReason: o.finishReason, usage: o.usage, cost: o.cost, findings: o.findings }, streamInfo);
  }
  return Object.assign(base, { kind: 'error' as const, error: o.error }, o.text !== undefined ? { text: o.text } : null, streamInfo);
}
