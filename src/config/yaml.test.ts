import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseLongSequence, parseYaml, position } from './yaml.ts';

const fail = (m: string) => new Error(m);

/** What the whole-file parse gives: the data, and where each case and its id start. */
function whole(file: string, text: string) {
  const parsed = parseYaml(file, fail, text);
  const cases = (parsed.data as { cases: unknown[] }).cases;
  return {
    data: parsed.data,
    items: cases.map((_, i) => ({ at: position(parsed.doc, parsed.lines, ['cases', i]), key: position(parsed.doc, parsed.lines, ['cases', i, 'id']) })),
  };
}

describe('parseLongSequence', () => {
  const suites = ['prompts/support.yaml', 'prompts/engineering.yaml', 'prompts/contracts.yaml'];

  it.each(suites)('gives the data and positions of the whole-file parse for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const lean = parseLongSequence(text, 'cases', 'id');
    expect(lean).not.toBeNull();
    expect(lean).toEqual(whole(file, text));
  });

  it('does the same for a generated suite of 2,000 cases with block scalars, comments and flow values', () => {
    const cases = Array.from({ length: 2000 }, (_, i) => ({
      id: `case-${i}`,
      ...(i % 3 === 0 ? { system: `Line one\nline two of case ${i}\n` } : {}),
      prompt: `Question ${i}: "quoted" and 'single' — ünïcode # not a comment`,
      tags: ['a', `t${i % 7}`],
      ...(i % 5 === 0 ? { assert: [{ type: 'contains', value: `${i}` }] } : {}),
    }));
    const text = `# a suite\nsuite: big\ndefaults:\n  model: gpt-4o-mini\n${stringify({ cases })}\n# trailing comment\n`;
    expect(parseLongSequence(text, 'cases', 'id')).toEqual(whole('big.yaml', text));
  });

  it('does the same when comments sit between items, at any indentation, and the sequence is not the last key', () => {
    const items = Array.from({ length: 50 }, (_, i) => {
      const comment = ['', '# top-level comment\n', '  # indented like the dash\n', '    # indented like the fields\n', '\n\n      # deeper, after blank lines\n'][i % 5];
      return `${comment}  - id: c${i}\n    prompt: "p ${i}" # trailing\n${i % 7 === 0 ? '    tags: [x, y]\n' : ''}`;
    });
    const text = `suite: s\ncases:\n${items.join('')}# after the last item\ndefaults:\n  model: m\n# the end\n`;
    expect(parseLongSequence(text, 'cases', 'id')).toEqual(whole('comments.yaml', text));
    const flush = `suite: s\ncases:\n${Array.from({ length: 20 }, (_, i) => `- id: d${i}\n  prompt: q${i}\n# between\n`).join('')}`;
    expect(parseLongSequence(flush, 'cases', 'id')).toEqual(whole('flush.yaml', flush));
  });

  it('leaves every other shape to the whole-file parse (null)', () => {
    const shapes = [
      'suite: s\ncases: [{ id: a }]\n', // flow sequence
      'suite: s\n', // no cases
      'suite: s\ncases:\n  - id: a\n---\nsuite: t\n', // two documents
      '%YAML 1.2\n---\nsuite: s\ncases:\n  - id: a\n', // a directive
      'suite: s\nbase: &b { model: m }\ncases:\n  - id: a\n    defaults: *b\n', // an alias across items
      'suite: s\ncases:\n  - &x\n    id: a\n', // an anchor before an item's value
      'suite: s\ncases:\n  - id: a\n    id: b\n', // a duplicate key (an error)
      'suite: s\ncases:\n  - id: [a\n', // a syntax error
      '- id: a\n', // a bare list
    ];
    for (const text of shapes) expect(parseLongSequence(text, 'cases', 'id'), text).toBeNull();
  });
});
