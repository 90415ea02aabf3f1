import { describe, expect, it } from 'vitest';
import { lexEnv } from './lex-env.ts';
import { lexJs } from './lex-js.ts';
import { lexPy } from './lex-py.ts';
import { lexYaml } from './lex-yaml.ts';
import type { LexResult } from './segments.ts';

/** The string segments as `text` (exact) or `~text` (not rewritable as a whole). */
function strings(text: string, r: LexResult): string[] {
  if (r.kind === 'error') throw new Error(r.reason);
  return r.segments.filter((s) => s.kind === 'string').map((s) => `${s.exact ? '' : '~'}${text.slice(s.start, s.end)}`);
}

describe('lexJs', () => {
  it('separates strings, comments and template parts, and marks escaped or interpolated strings', () => {
    const src = "const a = 'gpt-4o'; // 'not a string'\nconst b = `x${f({ k: \"y\" })}z` + `plain` + \"e\\\"s\";\n/* 'c' */";
    expect(strings(src, lexJs(src))).toEqual(['gpt-4o', '~x', 'y', '~z', 'plain', '~e\\"s']);
  });

  it('reads a regex literal containing quotes as code, and a division as division', () => {
    const src = "const re = /\"[a-z]'/g; const half = total / 2; const s = 'ok';";
    expect(strings(src, lexJs(src))).toEqual(['ok']);
  });

  it('refuses unterminated strings, comments and templates', () => {
    expect(lexJs("const a = 'open\n").kind).toBe('error');
    expect(lexJs('/* never closed').kind).toBe('error');
    expect(lexJs('const t = `a${b').kind).toBe('error');
  });
});

describe('lexPy', () => {
  it('handles prefixes, triple quotes and comments; f-strings are never exact', () => {
    const src = 'a = "gpt-4o"  # "comment"\nb = f"{x}-y"\nc = r"\\d"\nd = """doc\n"still"\n"""\n';
    expect(strings(src, lexPy(src))).toEqual(['gpt-4o', '~{x}-y', '\\d', '~doc\n"still"\n']);
  });

  it('refuses an unterminated string', () => {
    expect(lexPy('x = "open\n').kind).toBe('error');
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
