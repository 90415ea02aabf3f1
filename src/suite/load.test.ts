import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuiteError } from '../errors.ts';
import { suiteJsonSchemaText } from './json-schema.ts';
import { loadSuite } from './load.ts';

function suiteDir(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cutover-suite-')), 'prompts');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function errorOf(fn: () => unknown): SuiteError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SuiteError) return e;
    throw e;
  }
  throw new Error('expected a SuiteError');
}

describe('loadSuite', () => {
  it('loads the shipped golden suite: at least 20 ordinary cases and the six contract cases', () => {
    const cases = loadSuite(join(import.meta.dirname, '../../prompts'));
    const ordinary = cases.filter((c) => c.expectError === undefined);
    const contract = cases.filter((c) => c.expectError !== undefined);
    expect(ordinary.length).toBeGreaterThanOrEqual(20);
    expect(contract.map((c) => c.expectError).sort()).toEqual(['invalid-key', 'invalid-key-and-model', 'invalid-model']);
    expect(contract.every((c) => c.streamModes.length === 2)).toBe(true);
    expect(cases.some((c) => c.streamModes.includes(true))).toBe(true);
    expect(cases.some((c) => c.params.tools !== undefined)).toBe(true);
    expect(Object.isFrozen(cases[0])).toBe(true);
  });

  it("keeps each case's line in its file (where CI annotations point)", () => {
    const dir = suiteDir({ 'a.yaml': 'suite: a\ndefaults: { model: gpt-4o }\ncases:\n  - id: one\n    prompt: hi\n\n  # a comment\n  - prompt: there\n    id: two\n' });
    expect(loadSuite(dir).map((c) => [c.id, c.line])).toEqual([
      ['one', 4],
      ['two', 8],
    ]);
  });

  it('expands the prompt shorthand and applies file defaults', () => {
    const dir = suiteDir({
      'a.yaml': 'suite: a\ndefaults: { model: gpt-4o, repeat: 3, stream: both }\ncases:\n  - id: one\n    system: be brief\n    prompt: hi\n',
    });
    const [c] = loadSuite(dir);
    expect(c?.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ]);
    expect(c?.repeat).toBe(3);
    expect(c?.streamModes).toEqual([false, true]);
    expect(c?.compare).toBe('text');
  });

  it('hashes what changes the request, independent of YAML key order', () => {
    const a = loadSuite(suiteDir({ 'a.yaml': 'suite: a\ncases:\n  - { id: x, model: m, prompt: hi, temperature: 0, max_tokens: 5 }\n' }));
    const b = loadSuite(suiteDir({ 'a.yaml': 'suite: a\ncases:\n  - { max_tokens: 5, temperature: 0, prompt: hi, model: m, id: x, repeat: 9 }\n' }));
    const c = loadSuite(suiteDir({ 'a.yaml': 'suite: a\ncases:\n  - { id: x, model: m, prompt: hi!, temperature: 0, max_tokens: 5 }\n' }));
    expect(a[0]?.hash).toBe(b[0]?.hash);
    expect(a[0]?.hash).not.toBe(c[0]?.hash);
  });

  it('reports a YAML syntax error with file:line:col', () => {
    const dir = suiteDir({ 'bad.yaml': 'suite: a\ncases:\n  - id: x\n    prompt: [unclosed\n' });
    expect(errorOf(() => loadSuite(dir)).message).toMatch(/bad\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('reports schema errors with the field path and line, all at once', () => {
    const dir = suiteDir({ 's.yaml': 'suite: a\ncases:\n  - id: x\n    prompt: hi\n    model: m\n    temperature: hot\n    colour: red\n' });
    const msg = errorOf(() => loadSuite(dir)).message;
    expect(msg).toMatch(/s\.yaml:6:\d+: cases\[0\]\.temperature:/);
    expect(msg).toMatch(/s\.yaml:7:\d+: cases\[0\]\.colour: unknown field "colour"/);
  });

  it('refuses duplicate ids across files, naming both places', () => {
    const dir = suiteDir({
      'a.yaml': 'suite: a\ncases:\n  - { id: dup, model: m, prompt: hi }\n',
      'b.yaml': 'suite: b\ncases:\n  - { id: ok, model: m, prompt: hi }\n  - { id: dup, model: m, prompt: yo }\n',
    });
    expect(errorOf(() => loadSuite(dir)).message).toMatch(/b\.yaml:4:\d+: cases\[1\]\.id: duplicate case id "dup" \(first defined at .*a\.yaml:3:\d+\)/);
  });

  it('refuses an empty folder and a missing folder', () => {
    expect(errorOf(() => loadSuite(suiteDir({}))).message).toMatch(/no prompt suite files/);
    expect(errorOf(() => loadSuite('/nonexistent/prompts')).message).toMatch(/not found/);
  });

  it('loads suite files in subfolders too (hidden folders skipped), naming each case\'s file from the suite folder', () => {
    const dir = suiteDir({
      'a.yaml': 'suite: a\ncases:\n  - { id: top, model: m, prompt: hi }\n',
      'team-b/nested/b.yml': 'suite: b\ncases:\n  - { id: deep, model: m, prompt: hi }\n',
      '.drafts/c.yaml': 'suite: c\ncases:\n  - { id: draft, model: m, prompt: hi }\n',
    });
    const cases = loadSuite(dir);
    expect(cases.map((c) => [c.id, c.file])).toEqual([
      ['top', 'prompts/a.yaml'],
      ['deep', 'prompts/team-b/nested/b.yml'],
    ]);
  });

  it('explains that a bare list of cases needs "suite:" and "cases:"', () => {
    const dir = suiteDir({ 'list.yaml': '- id: one\n  model: m\n  prompt: hi\n' });
    const msg = errorOf(() => loadSuite(dir)).message;
    expect(msg).toMatch(/list\.yaml:1:1: \(root\): a suite file is a mapping, not a bare list of cases/);
    expect(msg).toContain('"suite:"');
    expect(msg).toContain('"cases:"');
  });

  it('compiles every regex and JSON Schema assertion at load, reporting each bad one with file:line', () => {
    const dir = suiteDir({
      'a.yaml': [
        'suite: a',
        'cases:',
        '  - id: ok',
        '    model: m',
        '    prompt: hi',
        '    assert: [{ type: regex, value: "^hi$" }, { type: json-schema, value: { type: object } }]',
        '  - id: bad-re',
        '    model: m',
        '    prompt: hi',
        '    assert:',
        '      - { type: regex, value: "(unclosed" }',
        '  - id: bad-schema',
        '    model: m',
        '    prompt: hi',
        '    assert:',
        '      - type: json-schema',
        '        value: { type: objekt }',
        '',
      ].join('\n'),
    });
    const msg = errorOf(() => loadSuite(dir)).message;
    expect(msg).toMatch(/a\.yaml:11:\d+: cases\[1\]\.assert\[0\]\.value: invalid regular expression "\(unclosed" \(case "bad-re"\)/);
    expect(msg).toMatch(/a\.yaml:17:\d+: cases\[2\]\.assert\[0\]\.value: invalid JSON Schema \(case "bad-schema"\): schema is invalid/);
    expect(msg.split('\n')).toHaveLength(2);
  });

  it('ships a JSON Schema that matches the zod schema (regenerate with scripts/gen-suite-schema.ts)', () => {
    const shipped = readFileSync(join(import.meta.dirname, '../../prompts/suite.schema.json'), 'utf8');
    expect(shipped).toBe(suiteJsonSchemaText());
  });
});
