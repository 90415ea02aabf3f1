import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { lexEnv } from './lex-env.ts';
import { jsDialect, lexJs } from './lex-js.ts';
import { lexPy, loadPythonParser } from './lex-py.ts';
import { lexYaml } from './lex-yaml.ts';
import type { LexResult } from './segments.ts';

/** The string segments as `text` (exact) or `~text` (not rewritable as a whole). */
function strings(text: string, r: LexResult): string[] {
  if (r.kind === 'error') throw new Error(r.reason);
  return r.segments.filter((s) => s.kind === 'string').map((s) => `${s.exact ? '' : '~'}${text.slice(s.start, s.end)}`);
}
const comments = (text: string, r: LexResult): string[] =>
  r.kind === 'error' ? [] : r.segments.filter((s) => s.kind === 'comment').map((s) => text.slice(s.start, s.end));

const TS = jsDialect('a.ts');
const TSX = jsDialect('a.tsx');
const JS = jsDialect('a.mjs');

describe('jsDialect', () => {
  it('takes TypeScript from .ts/.mts/.cts/.tsx and JSX from .js-family files and .tsx only', () => {
    expect(jsDialect('x.ts')).toEqual({ typescript: true, jsx: false, json: false });
    expect(jsDialect('x.cts')).toEqual({ typescript: true, jsx: false, json: false });
    expect(jsDialect('x.tsx')).toEqual({ typescript: true, jsx: true, json: false });
    expect(jsDialect('x.cjs')).toEqual({ typescript: false, jsx: true, json: false });
    expect(jsDialect('x.json')).toEqual({ typescript: false, jsx: false, json: true });
  });
});

describe('lexJs', () => {
  it('separates strings, comments and template parts, and marks escaped or interpolated strings', () => {
    const src = "const a = 'gpt-4o'; // 'not a string'\nconst b = `x${f({ k: \"y\" })}z` + `plain` + \"e\\\"s\";\n/* 'c' */";
    expect(strings(src, lexJs(src, TS))).toEqual(['gpt-4o', '~x', 'y', '~z', 'plain', '~e\\"s']);
    expect(comments(src, lexJs(src, TS))).toEqual(["// 'not a string'", "/* 'c' */"]);
  });

  it('reads regex literals after ) and } as code, and a division as division', () => {
    const src = "if (ok) /re'\"/.test(s);\nfunction f() {}\n/q'/g.exec(y);\nconst half = total / 2; const s = 'ok';";
    expect(strings(src, lexJs(src, JS))).toEqual(['ok']);
  });

  it('reads nested template literals and JSX text with apostrophes', () => {
    const src = "const t = `a ${`b ${'gpt-4o'} c`} d`;\nexport const C = () => <p title=\"it's\">Don't {'gpt-4o-mini'}</p>;\n";
    expect(strings(src, lexJs(src, TSX))).toEqual(['~a ', '~b ', 'gpt-4o', '~ c', '~ d', "it's", "~Don't ", 'gpt-4o-mini']);
  });

  it('reads TypeScript with parameter decorators and with standard decorators after export', () => {
    expect(strings("class S { constructor(@Inject('k') private x: string) {} }", lexJs("class S { constructor(@Inject('k') private x: string) {} }", TS))).toEqual(['k']);
    expect(lexJs("export @dec class A { m = 'gpt-4o' }", TS).kind).toBe('ok');
  });

  it('reads JSON with comments', () => {
    const src = '{ "model": "gpt-4o", /* c */ "n": 1 }';
    expect(strings(src, lexJs(src, jsDialect('x.json')))).toEqual(['model', 'gpt-4o', 'n']);
  });

  it('refuses what does not parse, with the line', () => {
    expect(lexJs("const a = 'open\n", JS)).toMatchObject({ kind: 'error', reason: expect.stringMatching(/^syntax error at line 1/) });
    expect(lexJs('/* never closed', JS).kind).toBe('error');
    expect(lexJs('const t = `a${b', JS).kind).toBe('error');
  });
});

describe('lexPy', () => {
  let parser: Parser;
  beforeAll(async () => {
    parser = await loadPythonParser();
  });
  afterAll(() => parser.delete());

  it('handles prefixes, triple quotes and comments; f-string text is never exact', () => {
    const src = 'a = "gpt-4o"  # "comment"\nb = f"{x}-y"\nc = r"\\d"\nd = """doc\n"still"\n"""\ne = "x\\ny"\n';
    expect(strings(src, lexPy(parser, src))).toEqual(['gpt-4o', '~-y', '\\d', '~doc\n"still"\n', '~x\\ny']);
    expect(comments(src, lexPy(parser, src))).toEqual(['# "comment"']);
  });

  it('reads Python 3.12 f-strings with nested quotes, and the strings inside their fields', () => {
    const src = 'm = f"{cfg["model"]}:{f"{"gpt-4o"}"}" # "c"\nn = f\'{"LLM_GATEWAY_API_KEY"}\'\n';
    expect(strings(src, lexPy(parser, src))).toEqual(['model', '~:', 'gpt-4o', 'LLM_GATEWAY_API_KEY']);
  });

  it('refuses a syntax error, with the line', () => {
    expect(lexPy(parser, 'x = 1\ny = "open\n')).toMatchObject({ kind: 'error', reason: expect.stringMatching(/^syntax error at line 2/) });
  });
});

describe('lexEnv', () => {
  it('reads KEY=value lines, quoted values and inline comments', () => {
    const src = '# c\nexport A=gpt-4o\nB="quoted value"\nC=bare # note\nD=${OTHER}\n';
    expect(strings(src, lexEnv(src))).toEqual(['gpt-4o', 'quoted value', 'bare', '~${OTHER}']);
  });

  it('refuses a line that is not KEY=value (a multi-line value)', () => {
    expect(lexEnv('A="first\nsecond"\n').kind).toBe('error');
  });
});

describe('lexYaml', () => {
  it('takes every string scalar, keys included; block scalars are not exact', () => {
    const src = 'a: gpt-4o\n"b": \'x\'\nn: 3\nlist: [c, d]\np: |\n  text\n';
    expect(strings(src, lexYaml(src))).toEqual(['a', 'gpt-4o', 'b', 'x', 'n', 'list', 'c', 'd', 'p', '~|\n  text\n']);
  });

  it('refuses YAML with syntax errors', () => {
    expect(lexYaml('a: [unclosed\n').kind).toBe('error');
  });
});
