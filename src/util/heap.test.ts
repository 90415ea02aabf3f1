import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from './heap.ts';

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
