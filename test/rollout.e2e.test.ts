/**
 * `cutover rollout` as a user runs it: the real CLI in a subprocess, on metrics files written by
 * the canary recorder's format, answering with text and an exit code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanary } from '../src/canary/client.ts';
import { createCanaryRecorder } from '../src/canary/recorder.ts';
import type { ChatClient } from '../src/canary/types.ts';
import { metricsFile } from '../src/rollout/metrics.test-util.ts';
import { runCli, type CliResult } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-rollout-e2e-'));
const rollout = (...args: string[]): Promise<CliResult> => runCli(['rollout', ...args]);

const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe('cutover rollout', () => {
  it('says rollback (exit 1) when the candidate error rate is clearly worse', async () => {
    const r = await rollout('--metrics', write('worse.json', metricsFile({ requests: 3000, errors: 30 }, { requests: 300, errors: 36 })));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^cutover rollout: ROLLBACK\n {2}- Error rate higher on the candidate: candidate 12\.0 %/);
  });

  it('says promote (exit 0) on equal arms with enough samples', async () => {
    const r = await rollout('--metrics', write('equal.json', metricsFile({ requests: 3000, errors: 30 }, { requests: 300, errors: 3 })));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cutover rollout: PROMOTE/);
  });

  it('says hold (exit 75) on too few samples, and explains in JSON too', async () => {
    const file = write('few.json', metricsFile({ requests: 300, errors: 3 }, { requests: 20, errors: 0 }));
    const text = await rollout('--metrics', file);
    expect(text.code).toBe(75);
    expect(text.stdout).toMatch(/HOLD\n {2}- Too few requests to decide: baseline 300, candidate 20; need 100 per arm/);
    const json = await rollout('--metrics', file, '--json', '--min-requests', '10');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ decision: 'promote', requests: { baseline: 300, candidate: 20, minimum: 10 } });
  });

  it('reads what the canary client recorded from real calls (fake gateways, no network)', async () => {
    const recorder = createCanaryRecorder();
    const client = (failEvery: number): ChatClient => {
      let n = 0;
      return {
        chat: {
          completions: {
            create: async (body) => {
              n++;
              if (n % failEvery === 0) throw Object.assign(new Error('upstream'), { status: 502 });
              return { id: 'x', object: 'chat.completion', created: 0, model: body.model, choices: [] };
            },
          },
        },
      };
    };
    const canary = createCanary({ baseline: client(1000), candidate: client(3), percent: 20, onMetric: recorder.record });
    for (let i = 0; i < 3000; i++) await canary.chat(`user-${i}`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    const r = await rollout('--metrics', write('recorded.json', recorder.export()));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Error rate higher on the candidate: candidate 3\d\.\d %/);
  });

  it('holds a promote until --min-window of candidate traffic was observed', async () => {
    const file = write('one-hour.json', metricsFile({ requests: 3000, errors: 30 }, { requests: 300, errors: 3 }));
    const r = await rollout('--metrics', file, '--min-window', '7d');
    expect(r.code).toBe(75);
    expect(r.stdout).toMatch(/^cutover rollout: HOLD\n {2}- Observed the candidate for 1 h \(.*\); --min-window asks for 7 d \(one release cycle\) before promoting: 6 d 23 h to go\./);
    const bad = await rollout('--metrics', file, '--min-window', 'a week');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('cutover: --min-window must be a duration such as 90m, 12h, 7d or 2w, got "a week"');
  });

  it('exits 2 with one clear line on a bad file', async () => {
    const r = await rollout('--metrics', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^cutover: .*nope\.json: cannot read metrics file \(not found\)$/);
    const bad = await rollout('--metrics', write('wrong-format.json', { format: 'something-else', version: 1, arms: {} }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/wrong-format\.json: format: /);
  });
});
