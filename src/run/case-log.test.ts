import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import { exampleReport } from '../report/fixture.ts';
import { CaseLog } from './case-log.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-caselog-'));
  dirs.push(dir);
  return join(dir, '.cases.jsonl');
}

describe('CaseLog', () => {
  it('reads cases back in the order asked for, not the order they completed, on every pass', () => {
    const cases = exampleReport().cases;
    expect(cases.length).toBeGreaterThan(2);
    const log = new CaseLog(scratch(), []);
    for (const c of [...cases].reverse()) log.append(c);
    const source = log.source(cases.map((c) => c.caseId));
    expect(source.length).toBe(cases.length);
    expect([...source]).toEqual(cases);
    expect([...source]).toEqual(cases);
    expect(source.at(1)).toEqual(cases[1]);
    expect(source.at(-1)).toEqual(cases.at(-1));
    expect(source.at(cases.length)).toBeUndefined();
    log.remove();
  });

  it('leaves out cases that never completed and maps each case as it is read', () => {
    const cases = exampleReport().cases;
    const log = new CaseLog(scratch(), []);
    log.append(cases[0]!);
    const source = log.source(['never-ran', cases[0]!.caseId], (c) => ({ ...c, verdict: 'fail' }));
    expect(source.length).toBe(1);
    expect([...source].map((c) => [c.caseId, c.verdict])).toEqual([[cases[0]!.caseId, 'fail']]);
    log.remove();
  });

  it('never writes a key to disk, and remove() deletes the scratch file', () => {
    const file = scratch();
    const key = 'sk-live-case-log-secret-123';
    const c = { ...exampleReport().cases[0]!, findings: [`gateway echoed ${key}`] };
    const log = new CaseLog(file, [new Secret(key)]);
    log.append(c);
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(log.read(c.caseId)?.findings[0]).not.toContain(key);
    log.remove();
    expect(existsSync(file)).toBe(false);
  });
});

describe('CaseLog memory budget', () => {
  const lineBytes = (c: unknown) => Buffer.byteLength(`${JSON.stringify(c)}\n`);

  it('keeps cases in memory up to its budget, reads the rest from disk, and gives the same cases either way', () => {
    const cases = exampleReport().cases;
    expect(cases.length).toBeGreaterThanOrEqual(3);
    // A budget for about half of the log: the log stays within twice the budget.
    const budget = Math.max(lineBytes(cases[0]), Math.ceil(cases.reduce((n, c) => n + lineBytes(c), 0) / 2));
    const log = new CaseLog(scratch(), [], { cacheBytes: budget });
    for (const c of cases) log.append(c);
    const back = [...log.source(cases.map((c) => c.caseId))];
    expect(back).toEqual(cases);
    // The first fits the budget and is the object appended; the last was parsed back.
    expect(back[0]).toBe(cases[0]);
    expect(back.at(-1)).not.toBe(cases.at(-1));
    log.remove();
  });

  it('keeps no case in memory once the log holds more than twice its budget', () => {
    const cases = exampleReport().cases;
    const log = new CaseLog(scratch(), [], { cacheBytes: lineBytes(cases[0]) });
    for (const c of cases) log.append(c);
    const back = [...log.source(cases.map((c) => c.caseId))];
    expect(back).toEqual(cases);
    expect(back.some((c, i) => c === cases[i])).toBe(false);
    log.remove();
  });
});

describe('CaseLog.rewrite', () => {
  it('replaces every case, kept in memory or not, for every later pass; ids never logged are skipped', () => {
    const cases = exampleReport().cases;
    const oneCase = JSON.stringify(cases[0]).length;
    const file = scratch();
    const log = new CaseLog(file, [], { cacheBytes: oneCase });
    for (const c of cases) log.append(c);
    const order = ['never-ran', ...cases.map((c) => c.caseId)];
    const seen: number[] = [];
    log.rewrite(order, (full, i) => {
      seen.push(i);
      return { ...full, verdict: 'fail', findings: [...full.findings, `decided ${i}`] };
    });
    expect(seen).toEqual(cases.map((_, i) => i + 1));
    const expected = cases.map((c, i) => ({ ...c, verdict: 'fail', findings: [...c.findings, `decided ${i + 1}`] }));
    expect([...log.source(order)]).toEqual(expected);
    expect([...log.source(order)]).toEqual(expected);
    // Cases beyond the budget were logged anew on disk.
    expect(readFileSync(file, 'utf8')).toContain(`decided ${cases.length}`);
    log.remove();
  });

  it('never writes a key the new case carries to disk', () => {
    const file = scratch();
    const key = 'sk-live-case-log-rewrite-456';
    const c = exampleReport().cases[0]!;
    const log = new CaseLog(file, [new Secret(key)], { cacheBytes: 0 });
    log.append(c);
    log.rewrite([c.caseId], (full) => ({ ...full, findings: [`echoed ${key}`] }));
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    expect(log.read(c.caseId)?.findings[0]).not.toContain(key);
    log.remove();
  });
});

describe('CaseLog with outputs that look like credentials', () => {
  it('reads back every field of outputs quoting auth headers and URLs, with the credential masked', () => {
    const file = scratch();
    const base = exampleReport().cases[0]!;
    const c = {
      ...base,
      findings: ['curl -H "Authorization: Bearer $OPENAI_API_KEY" https://api.example.com', 'see http://localhost:8080', 'me@x.org'],
      tags: ['https://user:hunter2@example.com/path'],
    };
    const log = new CaseLog(file, []);
    log.append(c);
    const back = log.read(c.caseId);
    expect(back?.findings).toHaveLength(3);
    expect(back?.findings[1]).toBe('see http://localhost:8080');
    expect(back?.findings[2]).toBe('me@x.org');
    expect(back?.findings[0]).not.toContain('$OPENAI_API_KEY');
    expect(back?.tags[0]).not.toContain('hunter2');
    log.remove();
  });
});
