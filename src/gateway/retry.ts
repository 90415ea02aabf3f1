/**
 * The visible retry policy (the SDK's own retries are off on the measured path):
 * - retried: no response at all (connection), HTTP 408/409/429 and every 5xx (incl. 529);
 * - final: our own deadline (a timeout already cost timeoutMs), every other 4xx, and any
 *   failure inside a 200 stream (error frame, truncation) — the caller also never retries a
 *   stream that delivered content;
 * - delay: exponential backoff with full jitter, capped at maxDelayMs; a Retry-After wins
 *   (also capped, so a gateway cannot stall the run).
 */
import type { NormalisedError } from './types.ts';

export interface RetryPolicy {
  max: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const RETRY_STATUS = new Set([408, 409, 429]);

export function isRetryable(e: Pick<NormalisedError, 'status' | 'kind'>): boolean {
  if (e.status === null) return e.kind === 'connection';
  if (e.status >= 200 && e.status < 300) return false;
  return RETRY_STATUS.has(e.status) || e.status >= 500;
}

/** Delay before retry number `retryIndex` (0 = first retry). `random` returns [0, 1). */
export function retryDelayMs(retryIndex: number, policy: RetryPolicy, retryAfterS: number | undefined, random: () => number): number {
  if (retryAfterS !== undefined) return Math.min(retryAfterS * 1000, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** Sleeps `ms`, rejecting with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
