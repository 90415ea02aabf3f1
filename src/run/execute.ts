/**
 * One run of a suite against a target's gateways: opens them, sends every job, streams samples to
 * disk, hands each completed case to `onCase`, and handles interruption. Shared by eval and baseline.
 */
import { mkdirSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { join } from 'node:path';
import type { ResolvedTarget } from '../config/load.ts';
import type { Secret } from '../config/secret.ts';
import { createGatewayClient } from '../gateway/client.ts';
import type { Role } from '../gateway/types.ts';
import type { PromptCase } from '../suite/types.ts';
import { CaseCollector, type CompletedCase } from './collect.ts';
import { openGateways, type OpenGateway } from './gateways.ts';
import { openSampleLog } from './sample-log.ts';
import { checkReachable } from './preflight.ts';
import { loadRunPrices, type RunPricing } from './pricing.ts';
import { countJobs, runSuite } from './scheduler.ts';
import { ArmTotals } from './totals.ts';
import { createProgress, type ProgressOptions } from '../report/progress.ts';
import type { ArmClient } from './request.ts';

/** How long requests in flight may finish after Ctrl-C before they are cancelled. */
export const INTERRUPT_GRACE_MS = 3000;

export interface ExecuteOptions {
  target: ResolvedTarget;
  cases: readonly PromptCase[];
  arms: readonly Role[];
  repeat: number | undefined;
  concurrency: number | undefined;
  outDir: string;
  signal: AbortSignal;
  onCase: (done: CompletedCase) => void;
  /** The caller keeps no other reference to `cases`: the run lets go of each case once handed to `onCase` (runSuite's consumeCases). */
  consumeCases?: boolean;
  onProgress?: (p: { done: number; total: number; errors: number; retries: number }) => void;
  /** Where the live progress line goes (a bar on a TTY, plain lines otherwise); none when absent. */
  display?: Omit<ProgressOptions, 'total'>;
}

export interface ExecuteResult {
  interrupted: boolean;
  gateways: Record<Role, OpenGateway>;
  totals: Record<Role, ArmTotals>;
  incompleteCases: string[];
  requests: number;
  durationMs: number;
  samplesFile: string;
  /** Where prices came from: each catalog (fetched once, copied into the report folder) and `prices:`. */
  pricing: RunPricing;
  /**
   * The measuring process's timing resolution during the requests (ms): the 90th percentile of
   * its event-loop delay — 9 responses in 10 were read within that much of their arrival. A busy
   * client machine makes it tens of ms (a quiet one: a millisecond or two); the gate does not
   * attribute latency differences smaller than it to the gateway (gate/resolution.ts).
   */
  timingResolutionMs: number;
}

/** The event-loop monitor's sampling period (ms); its histogram's values include it. */
const LOOP_PERIOD_MS = 10;

function timingResolution(h: IntervalHistogram): number {
  if (h.count === 0) return 0;
  return Math.max(0, h.percentile(90) / 1e6 - LOOP_PERIOD_MS);
}

export function targetSecrets(target: ResolvedTarget): Secret[] {
  return [target.baseline.apiKey, target.candidate.apiKey];
}

export async function executeRun(opts: ExecuteOptions): Promise<ExecuteResult> {
  const started = performance.now();
  const gws = await openGateways(opts.target);
  let runPrices: Awaited<ReturnType<typeof loadRunPrices>>;
  try {
    await Promise.all(opts.arms.map((role) => checkReachable(gws[role])));
    // Created only now: a run that fails before its first request leaves no empty report folder.
    mkdirSync(opts.outDir, { recursive: true });
    // Each gateway's catalog is read once per run (a catalog that cannot be read leaves `prices:`).
    runPrices = await loadRunPrices(opts.target, gws, opts.arms, opts.outDir, opts.signal);
  } catch (e) {
    await gws.close();
    throw e;
  }
  const hard = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    graceTimer = setTimeout(() => hard.abort(new Error('interrupted')), INTERRUPT_GRACE_MS);
  };
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const log = openSampleLog(join(opts.outDir, 'samples.jsonl'), targetSecrets(opts.target));
  const clients = {} as Record<Role, ArmClient | undefined>;
  const closers: Array<() => void> = [];
  const preconnects: Array<() => Promise<void>> = [];
  const { prices, pricing } = runPrices;
  for (const role of opts.arms) {
    const g = gws[role];
    const gateway = opts.concurrency !== undefined ? { ...g, concurrency: opts.concurrency } : g;
    const client = createGatewayClient({
      role,
      name: g.name,
      profile: g.profile,
      baseURL: g.baseURL,
      apiKey: g.apiKey,
      timeoutMs: g.timeoutMs,
      retries: g.retries,
      headers: g.headers,
      prices: prices[role] ?? (() => null),
    });
    closers.push(() => client.close());
    clients[role] = { gateway, client, aliases: opts.target.aliases };
    preconnects.push(() => client.preconnect(gateway.concurrency));
  }
  const collector = new CaseCollector(opts.cases, opts.arms, opts.repeat);
  const contract = new Set(opts.cases.filter((c) => c.expectError !== undefined).map((c) => c.id));
  const totals = {
    baseline: new ArmTotals(gws.baseline.name),
    candidate: new ArmTotals(gws.candidate.name),
  };
  const total = countJobs({ cases: opts.cases, arms: opts.arms, repeat: opts.repeat });
  const progress = opts.display ? createProgress({ ...opts.display, total }) : null;
  let done = 0;
  let errors = 0;
  let retries = 0;
  let summary;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_PERIOD_MS });
  try {
    // One keep-alive connection per slot before the clock starts: connection set-up is not latency.
    // Ctrl-C does not wait for it: a gateway that never answers would hold it for its timeout.
    await untilAbort(Promise.all(preconnects.map((p) => p())), opts.signal);
    loopDelay.enable();
    summary = await runSuite({
      cases: opts.cases,
      arms: opts.arms,
      clients,
      warmup: opts.target.warmup,
      ...(opts.repeat !== undefined ? { repeat: opts.repeat } : {}),
      signal: opts.signal,
      hardSignal: hard.signal,
      ...(opts.consumeCases === true ? { consumeCases: true } : {}),
      onSample: (s) => {
        log.write(s);
        totals[s.role].add(s, contract.has(s.caseId));
        done++;
        retries += s.retries;
        if (s.kind === 'error' && !contract.has(s.caseId)) errors++;
        opts.onProgress?.({ done, total, errors, retries });
        progress?.update({ done, errors, retries });
        const completed = collector.add(s);
        if (completed) opts.onCase(completed);
      },
    });
  } finally {
    loopDelay.disable();
    progress?.finish();
    clearTimeout(graceTimer);
    opts.signal.removeEventListener('abort', onAbort);
    for (const close of closers) close();
    await log.close();
    await gws.close();
  }
  return {
    interrupted: summary.interrupted,
    gateways: { baseline: gws.baseline, candidate: gws.candidate },
    totals,
    incompleteCases: collector.incomplete(),
    requests: done,
    durationMs: performance.now() - started,
    samplesFile: join(opts.outDir, 'samples.jsonl'),
    pricing,
    timingResolutionMs: timingResolution(loopDelay),
  };
}

/** Resolves when `p` settles or `signal` aborts, whichever comes first. */
function untilAbort(p: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    p.then(done, done);
  });
}
