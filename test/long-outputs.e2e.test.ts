/**
 * Cases with long outputs are scored on a worker thread (src/run/score-pool.ts). This drives
 * the real, bundled CLI against a loopback OpenAI-compatible server whose answers are 30,000
 * characters long, so the bundled worker is what scores them.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from './helpers/cli.ts';

const KEY = 'long-outputs-test-key-1234';
/** 30,000 characters: two arms × two repeats put a case far above the worker threshold. */
const ANSWER = Array.from({ length: 3000 }, (_, i) => ['latency', 'gateway', 'tokens', 'stream', 'answer'][i % 5]).join(' ').padEnd(30_000, '.');

let server: Server;
let baseURL = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET') {
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o', object: 'model', owned_by: 'test' }] }));
      return;
    }
    req.resume();
    req.on('end', () => {
      res.end(
        JSON.stringify({
          id: 'chatcmpl-long',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o',
          choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 6000, total_tokens: 6005 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('cutover eval with long outputs', () => {
  it('scores them (off the request loop) and reports their similarity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-long-'));
    mkdirSync(join(dir, 'prompts'));
    writeFileSync(join(dir, 'prompts', 'long.yaml'), 'suite: long\ncases:\n  - { id: long-essay, model: gpt-4o, prompt: "Write at length." }\n');
    const arm = (name: string) => `{ name: ${name}, profile: openai-compatible, baseURL: "${baseURL}", keyEnv: LONG_TEST_KEY }`;
    writeFileSync(join(dir, 'eval.config.yaml'), `version: 1\nsuite: prompts\ntargets:\n  long:\n    baseline: ${arm('old-gw')}\n    candidate: ${arm('new-gw')}\n`);
    const out = join(dir, 'out');
    const r = await runCli(['eval', '--config', join(dir, 'eval.config.yaml'), '--target', 'long', '--out', out, '--repeat', '2', '--quiet'], {
      cwd: dir,
      env: { LONG_TEST_KEY: KEY },
    });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      cases: Array<{ caseId: string; checks: Array<{ check: string; verdict: string; metrics: Record<string, unknown> }> }>;
    };
    const similarity = report.cases[0]?.checks.find((c) => c.check === 'similarity');
    expect(report.cases[0]?.caseId).toBe('long-essay');
    expect(similarity?.verdict).toBe('pass');
    expect(Object.values(similarity?.metrics ?? {})).toContain(1);
    expect(readdirSync(out)).not.toContain('.cases.jsonl');
  });
});
