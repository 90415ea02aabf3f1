import { describe, expect, it } from 'vitest';
import { Mulberry32, mulberry32 } from './prng.ts';

describe('mulberry32', () => {
  // Numbers 1-3 and 1,000 of each seed, from the original closure (uint32 state): every seeded
  // statistic, simulator answer and fixture depends on this sequence staying the same.
  const golden: Array<[number, number[]]> = [
    [0, [0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.3279780091252178]],
    [0x5eed, [0.7100320369936526, 0.286336648510769, 0.9519026265479624, 0.06729210657067597]],
    [0xdeadbeef, [0.9413696140982211, 0.26719574979506433, 0.772033357527107, 0.8495431183837354]],
    [-1, [0.8964226141106337, 0.189478256739676, 0.7156526781618595, 0.39633008907549083]],
  ];

  it('gives the same sequence as a closure and as an object', () => {
    for (const [seed, expected] of golden) {
      const next = mulberry32(seed);
      const g = new Mulberry32(seed);
      const fromClosure: number[] = [];
      const fromObject: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const a = next();
        const b = g.next();
        if (i < 3 || i === 999) {
          fromClosure.push(a);
          fromObject.push(b);
        }
      }
      expect(fromClosure).toEqual(expected);
      expect(fromObject).toEqual(expected);
    }
  });
});
