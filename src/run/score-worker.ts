/**
 * The scoring worker thread (src/run/score-pool.ts): scores the cases it is sent and answers
 * with their results, so long texts are compared off the event loop that times requests.
 */
import { parentPort } from 'node:worker_threads';
import { scoreCase, type ScoreCaseInput } from '../score/case.ts';

export interface ScoreRequest {
  id: number;
  input: ScoreCaseInput;
}

export type ScoreReply = { id: number; result: ReturnType<typeof scoreCase> } | { id: number; error: string };

const port = parentPort;
port?.on('message', (m: ScoreRequest) => {
  let reply: ScoreReply;
  try {
    reply = { id: m.id, result: scoreCase(m.input) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
