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
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

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

  it('writes the samples of one turn once the turn is over, in order, one JSON object per line', async () => {
    const log = openSampleLog(file, []);
    log.write(sample('a'));
    log.write(sample('b'));
    expect(readFileSync(file, 'utf8')).toBe('');
    await nextTurn();
    expect(lines().map((l) => l.caseId)).toEqual(['a', 'b']);
    log.write(sample('c'));
    await log.close();
    expect(lines().map((l) => l.caseId)).toEqual(['a', 'b', 'c']);
  });

  it('writes at once when 64 KB are waiting, without waiting for the turn to end', async () => {
    const log = openSampleLog(file, []);
    const big = 'x'.repeat(20_000);
    for (const id of ['a', 'b', 'c', 'd']) log.write(sample(id, big));
    expect(lines().map((l) => l.caseId)).toEqual(['a', 'b', 'c', 'd']);
    await log.close();
    expect(lines()).toHaveLength(4);
  });

  it('close() writes what is waiting; nothing is written after it', async () => {
    const log = openSampleLog(file, []);
    log.write(sample('a'));
    await log.close();
    log.write(sample('late'));
    await nextTurn();
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
