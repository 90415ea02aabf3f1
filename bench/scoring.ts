/**
 * How long scoring one heavy case holds the event loop that times requests: inline (scoreCase on
 * the main thread) versus through the ScorePool (only the hand-off to the worker thread stays on
 * the main thread). A heavy case: repeat 8, 40,000-character outputs that differ per arm.
 */
import { ThresholdsSchema } from '../src/config/schema.ts';
import { scoreCase, type ScoreCaseInput } from '../src/score/case.ts';
import { arm, promptCase } from '../src/score/test-samples.test-util.ts';
import { ScorePool } from '../src/run/score-pool.ts';
import { textOf } from './inputs.ts';
import type { MicroRow } from './micro.ts';

const ROUNDS = 20;

function heavyCase(): ScoreCaseInput {
  const ms = [300, 310, 320, 330, 340, 350, 360, 370];
  return {
    case: promptCase({ id: 'heavy' }),
    baseline: arm('baseline', ms, { text: textOf(3, 40_000 / 6.5).slice(0, 40_000) }),
    candidate: arm('candidate', ms, { text: textOf(4, 40_000 / 6.5, 'b').slice(0, 40_000) }),
    stored: arm('baseline', ms, { text: textOf(5, 40_000 / 6.5).slice(0, 40_000) }),
    status: 'compared',
    thresholds: ThresholdsSchema.parse({}),
  };
}

function row(name: string, held: number[]): MicroRow {
  const sorted = [...held].sort((a, b) => a - b);
  return { name, meanMs: held.reduce((s, x) => s + x, 0) / held.length, p99Ms: sorted.at(-1) ?? 0, samples: held.length };
}

export async function scoringHold(): Promise<MicroRow[]> {
  const input = heavyCase();
  const inline: number[] = [];
  const offloaded: number[] = [];
  const pool = new ScorePool();
  try {
    // Warm both paths (JIT, worker start-up).
    scoreCase(input);
    pool.submit(input, () => {});
    await pool.drain();
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      scoreCase(input);
      inline.push(performance.now() - t);
      t = performance.now();
      pool.submit(input, () => {});
      offloaded.push(performance.now() - t);
      await pool.drain();
    }
  } finally {
    await pool.close();
  }
  return [
    row('scoring · heavy case (8 × 40,000 chars), event loop held, inline', inline),
    row('scoring · heavy case (8 × 40,000 chars), event loop held, via worker', offloaded),
  ];
}
