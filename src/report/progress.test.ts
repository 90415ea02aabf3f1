import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x1b]/;

function harness(isTTY: boolean, quiet = false) {
  let clock = 0;
  const out: string[] = [];
  const progress = createProgress({ total: 100, write: (s) => out.push(s), isTTY, quiet, now: () => clock });
  const step = (ms: number, done: number, errors = 0): void => {
    clock += ms;
    progress.update({ done, errors, retries: 0 });
  };
  return { out, progress, step };
}

describe('createProgress', () => {
  it('without a TTY prints plain lines at most every ~2 s and one at the end, no control characters', () => {
    const { out, progress, step } = harness(false);
    for (let i = 1; i <= 50; i++) step(100, i, Math.floor(i / 20)); // 5 s in total
    progress.finish();
    const text = out.join('');
    expect(text).not.toMatch(CONTROL);
    expect(out).toHaveLength(3); // at 2 s, at 4 s, and the final line
    expect(out[0]).toBe('progress: 20/100 requests (20%) · 10.0/s · 1 errors · ETA 8s\n');
    expect(out[2]).toBe('progress: 50/100 requests in 5s · 2 errors\n');
  });

  it('on a TTY redraws one line in place and clears it at the end', () => {
    const { out, progress, step } = harness(true);
    step(100, 10, 0);
    step(100, 20, 1);
    step(10, 21, 1); // too soon after the last redraw
    progress.finish();
    expect(out).toHaveLength(3);
    // eslint-disable-next-line no-control-regex
    expect(out[0]).toMatch(/^\r\x1b\[2K[█░]{20} 10\/100 requests \(10%\) · 100\.0\/s · 0 errors · ETA 1s$/);
    // eslint-disable-next-line no-control-regex
    expect(out[1]).toMatch(/^\r\x1b\[2K.* 20\/100 .* 1 errors/);
    expect(out.join('')).not.toContain('\n');
    expect(out[2]).toBe('\r\x1b[2K');
  });

  it('prints nothing when quiet', () => {
    const { out, progress, step } = harness(true, true);
    step(3000, 50);
    progress.finish();
    expect(out).toEqual([]);
  });
});
