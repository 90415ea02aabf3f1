/**
 * Scoring off the request loop (issue 8). Most cases score in about 0.1 ms and are scored
 * inline. A case with long outputs is different: word similarity on two 40,000-character
 * texts takes milliseconds, and a case compares every repeat against the references, so it
 * could hold the event loop for tens of milliseconds while responses of other requests wait
 * to be timestamped. Such cases go to one worker thread. The worker starts with the first
 * heavy case, so suites of short outputs never pay its start-up or its memory.
 */
import type { Worker } from 'node:worker_threads';
import type { CaseResult } from '../gate/types.ts';
import { scoreCase, type ScoreCaseInput } from '../score/case.ts';
import type { Sample } from './sample.ts';
import type { ScoreReply, ScoreRequest } from './score-worker.ts';
import { startModuleWorker } from '../util/worker.ts';

/** Output characters in a case (all arms and the stored reference) above which it is scored on the worker. */
export const HEAVY_CASE_CHARS = 40_000;

function outputChars(samples: readonly Sample[] | null): number {
  let n = 0;
  for (const s of samples ?? []) n += s.text?.length ?? 0;
  return n;
}

export function isHeavy(input: ScoreCaseInput): boolean {
  return outputChars(input.baseline) + outputChars(input.candidate) + outputChars(input.stored) > HEAVY_CASE_CHARS;
}

/** From dist/ the bundled score-worker.js; from the sources (tests, bench) score-worker.ts under tsx. */
function startWorker(): Worker {
  return startModuleWorker('score-worker', import.meta.url);
}

export interface ScorePoolOptions {
  /** Starts the worker thread; tests pass one that fails. */
  startWorker?: () => Worker;
}

export class ScorePool {
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #pending = new Map<number, { input: ScoreCaseInput; resolve: (r: CaseResult) => void; reject: (e: Error) => void }>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #startWorker: () => Worker;
  #failure: Error | null = null;
  /** Why the worker is gone, if it died: heavy cases are then scored inline. */
  #workerLost: string | null = null;

  constructor(opts: ScorePoolOptions = {}) {
    this.#startWorker = opts.startWorker ?? startWorker;
  }

  /** Scores the case, inline or on the worker, and hands the result to `onScored`. */
  submit(input: ScoreCaseInput, onScored: (result: CaseResult) => void): void {
    if (this.#workerLost !== null || !isHeavy(input)) {
      onScored(scoreCase(input));
      return;
    }
    // `done` never rejects: a failure (scoring, or saving the result) is kept for drain().
    const done = this.#remote(input)
      .then(onScored)
      .catch((e: unknown) => {
        this.#failure ??= e instanceof Error ? e : new Error(String(e));
      })
      .then(() => {
        this.#inFlight.delete(done);
      });
    this.#inFlight.add(done);
  }

  /** Set when the worker thread died during the run: its cases were scored inline instead. */
  get workerLost(): string | null {
    return this.#workerLost;
  }

  /** Waits for every case submitted so far; throws the first scoring failure. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    if (this.#failure) throw this.#failure;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null; // so its exit is not taken for a loss
    if (worker) await worker.terminate();
  }

  /** Whether a worker thread was started (some case was heavy). */
  get started(): boolean {
    return this.#worker !== null;
  }

  #remote(input: ScoreCaseInput): Promise<CaseResult> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<CaseResult>((resolve, reject) => {
      this.#pending.set(id, { input, resolve, reject });
      worker.postMessage({ id, input } satisfies ScoreRequest);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#startWorker();
    worker.on('message', (reply: ScoreReply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(`scoring failed: ${reply.error}`));
      else waiter?.resolve(reply.result);
    });
    // A worker that dies (fails to load, runs out of memory) loses no case: what it held is scored
    // inline, and so is every later heavy case. The run says so (eval adds a finding).
    const lost = (why: string): void => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#workerLost = why;
      const held = [...this.#pending.values()];
      this.#pending.clear();
      for (const w of held) {
        try {
          w.resolve(scoreCase(w.input));
        } catch (e) {
          w.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`it exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }
}
