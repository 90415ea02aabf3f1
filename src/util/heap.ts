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
import { setFlagsFromString } from 'node:v8';

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
