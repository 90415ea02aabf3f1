import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRange, scanJsonFile, type Member } from './json-members.ts';

const dir = mkdtempSync(join(tmpdir(), 'cutover-json-members-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function fileOf(text: string): string {
  const f = join(dir, `${n++}.json`);
  writeFileSync(f, text);
  return f;
}

/** Scans, reads every range back and parses it: the result must equal JSON.parse of the whole. */
function roundTrip(text: string, field: string, chunkBytes: number): { fields: Record<string, unknown>; members: Array<[string | number, unknown]>; complete: boolean; found: boolean; container: string | null } {
  const file = fileOf(text);
  const members: Member[] = [];
  const scan = scanJsonFile(file, field, (m) => members.push(m), chunkBytes);
  const fd = openSync(file, 'r');
  try {
    return {
      fields: Object.fromEntries([...scan.fields].map(([k, r]) => [k, JSON.parse(readRange(fd, r)) as unknown])),
      members: members.map((m) => [m.key, JSON.parse(readRange(fd, m)) as unknown]),
      complete: scan.complete,
      found: scan.found,
      container: scan.container,
    };
  } finally {
    closeSync(fd);
  }
}

const tricky = {
  format: 'x',
  n: -1.5e3,
  ok: true,
  none: null,
  nested: { cases: { not: 'this one' }, list: [1, [2, { a: '}' }]] },
  cases: {
    'a "quoted" \\ id': { hash: 'h1', samples: [{ text: 'braces { [ ] } and "quotes" \\" in text', n: 1 }] },
    'ünïcödé ✓': { hash: 'h2', samples: [] },
    plain: { hash: 'h3', samples: [{ text: 'line\nbreak\ttab \u0001', deep: { x: [[], {}] } }] },
  },
  after: ['tail', { x: 1 }],
};

describe('scanJsonFile', () => {
  for (const [layout, text] of [
    ['compact', JSON.stringify(tricky)],
    ['indented', JSON.stringify(tricky, null, 1)],
    ['odd whitespace', JSON.stringify(tricky, null, '\t').replace(/:/g, ' :\r\n ')],
  ] as const) {
    it(`finds every field and member of the ${layout} layout, across any chunk boundary`, () => {
      const expected = JSON.parse(text) as Record<string, unknown>;
      const { cases, ...rest } = expected;
      for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
        const r = roundTrip(text, 'cases', chunk);
        expect(r.complete).toBe(true);
        expect(r.found).toBe(true);
        expect(r.fields).toEqual(rest);
        expect(r.members).toEqual(Object.entries(cases as object));
      }
    });
  }

  it('gives array members their index', () => {
    const r = roundTrip(JSON.stringify({ head: 1, cases: [{ a: 1 }, 'two', 3, [4], null] }, null, 2), 'cases', 5);
    expect(r.container).toBe('array');
    expect(r.members).toEqual([
      [0, { a: 1 }],
      [1, 'two'],
      [2, 3],
      [3, [4]],
      [4, null],
    ]);
  });

  it('reports an empty container, a missing field and a cut-short file', () => {
    expect(roundTrip('{"cases": {}, "x": []}', 'cases', 4)).toEqual({ fields: { x: [] }, members: [], complete: true, found: true, container: 'object' });
    expect(roundTrip('{"other": 1}', 'cases', 4)).toMatchObject({ found: false, complete: true });
    expect(roundTrip('{"cases": {"a": {"b": 1}', 'cases', 4).complete).toBe(false);
    expect(roundTrip('{"cases": {"a": "unterminated', 'cases', 4).complete).toBe(false);
    expect(roundTrip('{"cases": {}} {"again": 1}', 'cases', 4).complete).toBe(false);
  });

  it('refuses a file that is not one JSON object', () => {
    expect(() => scanJsonFile(fileOf('[1, 2]'), 'cases', () => {})).toThrow(/not a JSON object/);
    expect(() => scanJsonFile(fileOf('  "text"'), 'cases', () => {})).toThrow(/not a JSON object/);
  });
});
