import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLexer, type Lexer } from './files.ts';
import type { FileKind } from './segments.ts';
import { rewriteFile as rewriteWith } from './rewrite.ts';
import { rewriteValue } from './rules.ts';

const rules = { aliases: { 'my-model': 'openai/gpt-4o' } };
const file = (kind: FileKind, text: string) => ({ path: `f.${kind === 'js' ? 'ts' : kind}`, abs: `/tmp/f.${kind}`, kind, text });
let lexer: Lexer;
beforeAll(async () => {
  lexer = await loadLexer();
});
afterAll(() => lexer.close());
const rewriteFile = (f: ReturnType<typeof file>, r: typeof rules) => rewriteWith(f, r, lexer);

describe('rewriteValue', () => {
  it('maps whole model ids and id lists through the alias function, keeping separators', () => {
    expect(rewriteValue('gpt-4o', rules)).toBe('openai/gpt-4o');
    expect(rewriteValue('my-model', rules)).toBe('openai/gpt-4o');
    expect(rewriteValue('gpt-4o-mini, claude-3-5-haiku', rules)).toBe('openai/gpt-4o-mini, anthropic/claude-3-5-haiku');
    expect(rewriteValue('openai/gpt-4o', rules)).toBe('openai/gpt-4o');
  });

  it('rewrites env names and base URLs inside text but leaves prose mentioning a model alone', () => {
    expect(rewriteValue('use $LLM_GATEWAY_API_KEY at https://api.llmgateway.io/v1/chat', rules)).toBe('use $AI_STATS_API_KEY at https://api.phaseo.app/v1/chat');
    expect(rewriteValue('answer like gpt-4o would', rules)).toBe('answer like gpt-4o would');
    expect(rewriteValue('https://api.llmgateway.io.evil.example/v1', rules)).toBe('https://api.llmgateway.io.evil.example/v1');
  });
});

describe('rewriteFile', () => {
  it('rewrites model strings and env names in code', () => {
    const out = rewriteFile(file('js', "const m = 'gpt-4o';\nconst key = process.env.LLM_GATEWAY_API_KEY;\n"), rules);
    expect(out).toEqual({ kind: 'changed', text: "const m = 'openai/gpt-4o';\nconst key = process.env.AI_STATS_API_KEY;\n" });
  });

  it('reports unchanged when nothing refers to the old gateway', () => {
    expect(rewriteFile(file('py', 'MODEL = "openai/gpt-4o"\n'), rules)).toEqual({ kind: 'unchanged' });
  });

  it('skips JSON that is not strict JSON, and a value written with escapes', () => {
    expect(rewriteFile(file('json', '{ // c\n "m": "gpt-4o" }'), rules)).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/not strict JSON/) });
    expect(rewriteFile(file('json', '{ "u": "https:\\/\\/api.llmgateway.io\\/v1", "k": "LLM_GATEWAY_X" }'), rules)).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/escapes/),
    });
  });

  it('skips a file holding a credential rather than printing it in a diff', () => {
    const out = rewriteFile(file('env', 'LLM_GATEWAY_API_KEY=llmgw_live_1a2b3c4d5e6f7g8h\n'), rules);
    expect(out).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/credential/) });
  });

  it('rewrites YAML scalars and checks the parsed result', () => {
    const out = rewriteFile(file('yaml', 'models:\n  - gpt-4o\n  - "claude-3-5-haiku"\nurl: https://api.llmgateway.io/v1 # old\n'), rules);
    expect(out).toEqual({ kind: 'changed', text: 'models:\n  - openai/gpt-4o\n  - "anthropic/claude-3-5-haiku"\nurl: https://api.phaseo.app/v1 # old\n' });
  });
});
