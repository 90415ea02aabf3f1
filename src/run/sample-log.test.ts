import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import type { Sample } from './sample.ts';
import { openSampleLog } from './sample-log.ts';

const KEY = 'sk-live-abcdefghijklmnop';
const sample = (caseId: string, text = 'fine'): Sample =>
  ({ kind: 'ok', role: 'baseline', gateway: 'g', caseId, caseHash: 'h', repeat: 0, stream: false, model: 'm', text }) as unknown as Sample;

describe('openSampleLog', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cutover-sample-log-'));
    file = join(dir, 'samples.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lines = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { caseId: string; text: string });

  it('puts each sample on disk before write() returns, in order, one JSON object per line (a killed process loses none)', async () => {
    const log = openSampleLog(file, []);
    log.write(sample('a'));
    expect(lines().map((l) => l.caseId)).toEqual(['a']);
    log.write(sample('b', 'x'.repeat(100_000)));
    expect(lines().map((l) => l.caseId)).toEqual(['a', 'b']);
    await log.close();
    expect(lines().map((l) => l.caseId)).toEqual(['a', 'b']);
  });

  it('writes nothing after close()', async () => {
    const log = openSampleLog(file, []);
    log.write(sample('a'));
    await log.close();
    log.write(sample('late'));
    expect(lines().map((l) => l.caseId)).toEqual(['a']);
  });

  it('never writes a key, even one a gateway echoed back', async () => {
    const log = openSampleLog(file, [new Secret(KEY)]);
    log.write(sample('a', `you sent ${KEY}`));
    await log.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(lines()[0]?.text).toBe('you sent [redacted]');
  });
});
