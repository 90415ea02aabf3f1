/**
 * How far V8 may let the heap grow between full collections, for long runs.
 *
 * An eval allocates steadily: each request's objects outlive a scavenge or two while in flight,
 * are promoted, and die in old space. On a machine with memory to spare V8 lets the old
 * generation grow to up to 4× its live size before collecting it, so a 20,000-request run peaks
 * near 4× its ~35 MB live heap although nothing it keeps grows. The CLI asks for 1.5× instead:
 * more frequent full collections of a small live heap, and peak memory that stays flat as the
 * suite grows. The cost and the effect are measured in BENCHMARKS.md (`npm run bench`).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const HEAP_GROWING_PERCENT = 50;
const FLAG = 'heap-growing-percent';

/**
 * Applies the growth bound to this process, unless the user set the flag themselves
 * (`node --heap-growing-percent=…` or NODE_OPTIONS): theirs wins. Returns whether it applied.
 */
export function boundHeapGrowth(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const mentioned = (s: string): boolean => s.replace(/_/g, '-').includes(FLAG);
  if (execArgv.some(mentioned) || (nodeOptions !== undefined && mentioned(nodeOptions))) return false;
  setFlagsFromString(`--${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}

/** Cases in a run from which the end of the run collects in full between its passes. */
export const LARGE_RUN_CASES = 1000;
/** Heap in use (garbage included) below which there is nothing worth a full collection. */
export const PASS_GC_ABOVE_MB = 48;

let fullGc: (() => void) | null | undefined;

/**
 * A full collection now, between two passes at the end of a large run (the gate, the rewrite of
 * the case log, each report format): each pass reads every case back and drops it, and V8, which
 * cannot know that a pass has ended, let a 10,000-case eval's old generation fill with two passes'
 * garbage (~60 MB) before it collected. Runs of fewer than LARGE_RUN_CASES cases, or with less
 * than PASS_GC_ABOVE_MB of heap in use, are left alone: their passes are short, and a collection
 * (~30 ms at 10,000 cases) would only cost time. The collector is V8's own `gc`, enabled for this
 * process the first time it is needed. Returns whether it collected.
 */
export function collectBetweenPasses(cases: number): boolean {
  if (cases < LARGE_RUN_CASES || getHeapStatistics().used_heap_size < PASS_GC_ABOVE_MB * 1024 * 1024) return false;
  if (fullGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  if (fullGc === null) return false;
  fullGc();
  return true;
}
