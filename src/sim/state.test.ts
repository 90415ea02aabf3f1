import { describe, expect, it } from 'vitest';
import { SimSchema } from '../config/schema.ts';
import { createState, drawRequest } from './state.ts';

const spec = (extra: Record<string, unknown>) => SimSchema.parse({ latency: { baseMs: 10, perTokenMs: 0, jitter: 0.2 }, ...extra });

describe('drawRequest', () => {
  it('jitters within ±jitter, reproducibly for the same seed, differently for another', () => {
    const a = createState('aistats', 'k', spec({ seed: 5 }));
    const b = createState('aistats', 'k', spec({ seed: 5 }));
    const c = createState('aistats', 'k', spec({ seed: 6 }));
    const fa = Array.from({ length: 50 }, () => drawRequest(a).latencyFactor);
    const fb = Array.from({ length: 50 }, () => drawRequest(b).latencyFactor);
    const fc = Array.from({ length: 50 }, () => drawRequest(c).latencyFactor);
    expect(fb).toEqual(fa);
    expect(fc).not.toEqual(fa);
    expect(fa.every((f) => f >= 0.8 && f <= 1.2)).toBe(true);
    expect(new Set(fa).size).toBeGreaterThan(40);
  });

  it('multiplies by drift.latencyFactor and is exactly 1 without jitter', () => {
    const none = createState('llmgateway', 'k', SimSchema.parse({ latency: { jitter: 0 } }));
    expect(drawRequest(none).latencyFactor).toBe(1);
    const slow = createState('llmgateway', 'k', SimSchema.parse({ latency: { jitter: 0 }, drift: { latencyFactor: 1.4 } }));
    expect(drawRequest(slow).latencyFactor).toBeCloseTo(1.4, 12);
  });

  it('draws no fault without a faults block, and only listed kinds with one', () => {
    const clean = createState('aistats', 'k', spec({}));
    expect(Array.from({ length: 20 }, () => drawRequest(clean).fault).every((f) => f === null)).toBe(true);
    const faulty = createState('aistats', 'k', spec({ faults: { rate: 1, kinds: ['http-500', 'reset'] } }));
    const kinds = new Set(Array.from({ length: 40 }, () => drawRequest(faulty).fault));
    expect(kinds).toEqual(new Set(['http-500', 'reset']));
  });
});
