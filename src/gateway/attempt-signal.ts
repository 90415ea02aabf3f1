/**
 * The abort signal of one attempt: its deadline, the client's close() and the caller's signal,
 * unlinked again when the attempt ends.
 *
 * Why not `AbortSignal.any([AbortSignal.timeout(ms), closed, caller])`: `any` registers every
 * attempt's signal as a dependant of the long-lived signals, and aborting one of those (close()
 * at the end of every run) walks and aborts every attempt signal still alive — measured at about
 * 0.1 ms per request sent. Why not one listener per attempt on the long-lived signals either:
 * EventTarget scans its listener list on every add and remove, so that cost grows with
 * concurrency. Instead each long-lived signal gets one listener (a `SignalFanOut`) that aborts
 * the set of attempts currently registered with it.
 */

export interface SignalFanOut {
  readonly source: AbortSignal;
  add(c: AbortController): void;
  delete(c: AbortController): void;
}

/** One listener on `source`; aborting it aborts every controller registered at that moment. */
export function fanOut(source: AbortSignal): SignalFanOut {
  const active = new Set<AbortController>();
  source.addEventListener(
    'abort',
    () => {
      for (const c of active) c.abort(source.reason);
      active.clear();
    },
    { once: true },
  );
  return {
    source,
    add: (c) => {
      if (source.aborted) c.abort(source.reason);
      else active.add(c);
    },
    delete: (c) => {
      active.delete(c);
    },
  };
}

/** Fan-outs per caller signal, created on first use (one listener per signal, not per request). */
export function fanOutCache(): (source: AbortSignal) => SignalFanOut {
  const cache = new WeakMap<AbortSignal, SignalFanOut>();
  return (source) => {
    let f = cache.get(source);
    if (f === undefined) {
      f = fanOut(source);
      cache.set(source, f);
    }
    return f;
  };
}

export interface AttemptSignal {
  signal: AbortSignal;
  /** True once the deadline fired first (the signal's reason is then a TimeoutError). */
  timedOut(): boolean;
  /** Clears the deadline and unregisters from the sources; call when the attempt is over. */
  dispose(): void;
}

export function attemptSignal(timeoutMs: number, sources: readonly SignalFanOut[]): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    if (controller.signal.aborted) return;
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  // Like AbortSignal.timeout: a pending deadline never keeps the process alive.
  timer.unref();
  for (const s of sources) s.add(controller);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      for (const s of sources) s.delete(controller);
    },
  };
}
