import { describe, expect, it } from 'vitest';
import { getHeapStatistics } from 'node:v8';
import { boundHeapGrowth, collectBetweenPasses, LARGE_RUN_CASES, PASS_GC_ABOVE_MB } from './heap.ts';

describe('boundHeapGrowth', () => {
  it('leaves a growth setting the user gave node alone, in either spelling or through NODE_OPTIONS', () => {
    expect(boundHeapGrowth(['--heap-growing-percent=20'], undefined)).toBe(false);
    expect(boundHeapGrowth(['--heap_growing_percent=20'], undefined)).toBe(false);
    expect(boundHeapGrowth([], '--max-old-space-size=512 --heap-growing-percent=80')).toBe(false);
  });

  it('applies its own bound otherwise', () => {
    expect(boundHeapGrowth(['--enable-source-maps'], '--max-old-space-size=512')).toBe(true);
  });
});

describe('collectBetweenPasses', () => {
  it('collects in full in a large run once the heap in use passes the bound, and frees the garbage', () => {
    // ~40 MB of objects that are garbage once counted (the heap in use passes PASS_GC_ABOVE_MB).
    const made = Array.from({ length: 400_000 }, (_, i) => ({ i, s: `garbage ${i}`, a: [i, i + 1] })).length;
    expect(made).toBe(400_000);
    const before = getHeapStatistics().used_heap_size;
    expect(before).toBeGreaterThan(PASS_GC_ABOVE_MB * 1024 * 1024);
    expect(collectBetweenPasses(LARGE_RUN_CASES)).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 20 * 1024 * 1024);
  });

  it('leaves a small run alone, whatever the heap holds', () => {
    const made = Array.from({ length: 400_000 }, (_, i) => ({ i, s: `garbage ${i}` })).length;
    expect(made).toBe(400_000);
    expect(collectBetweenPasses(LARGE_RUN_CASES - 1)).toBe(false);
  });
});
