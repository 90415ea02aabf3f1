/**
 * How long scoring one heavy case keeps the main thread (the event loop that timestamps
 * responses) busy: inline (scoreCase on the main thread) versus through the ScorePool, where the
 * main thread still pays the hand-off (serialising the case for the worker) and the reply
 * (deserialising the result, the callback). A heavy case: repeat 8, 40,000-character outputs
 * from one vocabulary, so the expensive sentence-aligned diff runs for every pair.
 */
import { performance } from 'node:perf_hooks';
import { ThresholdsSchema } from '../src/config/schema.ts';
import { scoreCase, type ScoreCaseInput } from '../src/score/case.ts';
import { arm, promptCase } from '../src/score/test-samples.test-util.ts';
import { ScorePool } from '../src/run/score-pool.ts';
import { textOf } from './inputs.ts';
import { rowOf, type MicroRow } from './micro.ts';

/** Each inline round takes about half a second; 20 rounds, so the tail column is their maximum. */
const ROUNDS = 20;

function heavyCase(): ScoreCaseInput {
  const ms = [300, 310, 320, 330, 340, 350, 360, 370];
  const text = (seed: number) => textOf(seed, 40_000 / 6.5).slice(0, 40_000);
  return {
    case: promptCase({ id: 'heavy' }),
    baseline: arm('baseline', ms, { text: text(3) }),
    candidate: arm('candidate', ms, { text: text(4) }),
    stored: arm('baseline', ms, { text: text(5) }),
    status: 'compared',
    thresholds: ThresholdsSchema.parse({}),
  };
}

/** Main-thread busy time (event-loop utilisation, active part) while `f` runs, ms. */
async function busyMs(f: () => Promise<void> | void): Promise<number> {
  const before = performance.eventLoopUtilization();
  await f();
  return performance.eventLoopUtilization(before).active;
}

export async function scoringHold(): Promise<MicroRow[]> {
  const input = heavyCase();
  const inline: number[] = [];
  const handOff: number[] = [];
  const viaWorker: number[] = [];
  const pool = new ScorePool();
  try {
    // Warm both paths (JIT, worker start-up).
    scoreCase(input);
    pool.submit(input, () => {});
    await pool.drain();
    for (let i = 0; i < ROUNDS; i++) {
      inline.push(await busyMs(() => void scoreCase(input)));
      let submitMs = 0;
      viaWorker.push(
        await busyMs(async () => {
          const t = performance.now();
          pool.submit(input, () => {});
          submitMs = performance.now() - t;
          await pool.drain();
        }),
      );
      handOff.push(submitMs);
    }
  } finally {
    await pool.close();
  }
  const name = 'scoring · heavy case (8 × 40,000 chars, shared vocabulary), main thread busy';
  return [
    rowOf(`${name}, inline`, inline),
    rowOf(`${name}, via worker: hand-off only`, handOff),
    rowOf(`${name}, via worker: hand-off + reply handling`, viaWorker),
  ];
}
