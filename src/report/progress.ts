/**
 * Progress while a run is going. On a TTY: one line redrawn in place (\r) with a bar,
 * done/total, rate, errors and ETA, erased at the end. Elsewhere (CI logs): a plain line at
 * most every ~2 s and one at the end, with no control characters. Quiet: nothing at all.
 */
export interface ProgressOptions {
  total: number;
  write: (s: string) => void;
  isTTY: boolean;
  quiet: boolean;
  /** Milliseconds clock; injected for tests. */
  now?: () => number;
}

export interface ProgressState {
  done: number;
  errors: number;
  retries: number;
}

export interface Progress {
  update(p: ProgressState): void;
  finish(): void;
}

const PLAIN_INTERVAL_MS = 2000;
/** Redraws faster than the eye can read only cost CPU on big suites. */
const TTY_INTERVAL_MS = 80;
const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[2K';

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => performance.now());
  const startedAt = now();
  const total = Math.max(0, opts.total);
  let state: ProgressState = { done: 0, errors: 0, retries: 0 };
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let lastPlainAt = startedAt;
  let drawn = false;
  let finished = false;

  const describe = (at: number): string => {
    const elapsedMs = at - startedAt;
    const rate = elapsedMs > 0 ? state.done / (elapsedMs / 1000) : 0;
    const left = Math.max(0, total - state.done);
    const eta = rate > 0 ? duration((left / rate) * 1000) : '?';
    const pct = total ? Math.floor((Math.min(state.done, total) / total) * 100) : 100;
    const retries = state.retries ? ` · ${state.retries} retries` : '';
    return `${state.done}/${total} requests (${pct}%) · ${rate.toFixed(1)}/s · ${state.errors} errors${retries} · ETA ${eta}`;
  };

  const bar = (): string => {
    const filled = total ? Math.round((Math.min(state.done, total) / total) * BAR_WIDTH) : BAR_WIDTH;
    return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  };

  return {
    update(p) {
      if (opts.quiet || finished) return;
      state = { ...p };
      const at = now();
      if (opts.isTTY) {
        if (at - lastDrawAt < TTY_INTERVAL_MS && state.done < total) return;
        lastDrawAt = at;
        drawn = true;
        opts.write(`${CLEAR_LINE}${bar()} ${describe(at)}`);
      } else if (at - lastPlainAt >= PLAIN_INTERVAL_MS) {
        lastPlainAt = at;
        opts.write(`progress: ${describe(at)}\n`);
      }
    },
    finish() {
      if (opts.quiet || finished) return;
      finished = true;
      const at = now();
      if (opts.isTTY) {
        if (drawn) opts.write(CLEAR_LINE);
        return;
      }
      opts.write(`progress: ${state.done}/${total} requests in ${duration(at - startedAt)} · ${state.errors} errors${state.retries ? ` · ${state.retries} retries` : ''}\n`);
    },
  };
}
