import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ThresholdsSchema } from '../config/schema.ts';
import type { CaseResult } from '../gate/types.ts';
import { scoreCase, type ScoreCaseInput } from '../score/case.ts';
import { mulberry32 } from '../score/prng.test-util.ts';
import { arm, promptCase } from '../score/test-samples.test-util.ts';
import { HEAVY_CASE_CHARS, isHeavy, ScorePool } from './score-pool.ts';

const thresholds = ThresholdsSchema.parse({});

function words(seed: number, chars: number): string {
  const next = mulberry32(seed);
  const vocab = ['gateway', 'latency', 'token', 'stream', 'model', 'error', 'cost', 'retry', 'answer', 'prompt'];
  let out = '';
  while (out.length < chars) out += `${vocab[Math.floor(next() * vocab.length)]} `;
  return out;
}

function input(id: string, chars: number): ScoreCaseInput {
  const ms = [100, 110, 120, 130, 140];
  return {
    case: promptCase({ id }),
    baseline: arm('baseline', ms, { text: words(1, chars) }),
    candidate: arm('candidate', ms, { text: words(2, chars) }),
    stored: null,
    status: 'new',
    thresholds,
  };
}

const pools: ScorePool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

describe('ScorePool', () => {
  it('scores a case of short outputs inline, at once, without starting a worker', async () => {
    const pool = new ScorePool();
    pools.push(pool);
    const light = input('light', 200);
    expect(isHeavy(light)).toBe(false);
    let result: CaseResult | null = null;
    pool.submit(light, (r) => (result = r));
    expect(result).toEqual(scoreCase(light));
    await pool.drain();
    expect(pool.started).toBe(false);
  });

  it('scores a case of long outputs on the worker thread, with the same result as inline', async () => {
    const pool = new ScorePool();
    pools.push(pool);
    const heavy = input('heavy', HEAVY_CASE_CHARS / 4);
    expect(isHeavy(heavy)).toBe(true);
    const results: CaseResult[] = [];
    pool.submit(heavy, (r) => results.push(r));
    // The event loop is not held: submit returns before the result exists.
    expect(results).toHaveLength(0);
    expect(pool.started).toBe(true);
    await pool.drain();
    expect(results).toEqual([scoreCase(heavy)]);
  });

  it('reports a case the worker cannot score when drained', async () => {
    const pool = new ScorePool();
    pools.push(pool);
    const broken = { ...input('broken', HEAVY_CASE_CHARS), case: null } as unknown as ScoreCaseInput;
    pool.submit(broken, () => {});
    await expect(pool.drain()).rejects.toThrow(/scoring failed/);
  });

  it('loses no case when the worker dies: what it held and every later heavy case are scored inline', async () => {
    const broken = () => new Worker(new URL(`data:text/javascript,${encodeURIComponent('throw new Error("cannot load")')}`));
    const pool = new ScorePool({ startWorker: broken });
    pools.push(pool);
    const first = input('first', HEAVY_CASE_CHARS / 4);
    const results: CaseResult[] = [];
    pool.submit(first, (r) => results.push(r));
    await pool.drain();
    expect(results).toEqual([scoreCase(first)]);
    expect(pool.workerLost).toMatch(/cannot load/);
    const second = input('second', HEAVY_CASE_CHARS / 4);
    pool.submit(second, (r) => results.push(r));
    expect(results).toHaveLength(2);
    await pool.drain();
  });

  it('keeps a failure to save a worker-scored result for drain, instead of an unhandled rejection', async () => {
    const pool = new ScorePool();
    pools.push(pool);
    pool.submit(input('heavy', HEAVY_CASE_CHARS / 4), () => {
      throw new Error('disk full');
    });
    await expect(pool.drain()).rejects.toThrow(/disk full/);
  });
});
