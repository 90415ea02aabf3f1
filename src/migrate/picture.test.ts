import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeBlocks } from './diff.ts';
import { inventory } from './inventory.ts';
import { planMigration } from './migrate.ts';
import { migrationPicture } from './picture.ts';

async function pictureOf(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-picture-unit-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const rules = { aliases: {} };
  return migrationPicture(await planMigration(dir, rules), await inventory(dir, rules), { root: 'app', wrote: false });
}

describe('the migration picture', () => {
  it('shows environment variables by name only, and says whether the value changed', async () => {
    const p = await pictureOf({ '.env': '# key below\nLLM_GATEWAY_API_KEY=replace-me\nexport LLM_GATEWAY_BASE_URL="https://api.llmgateway.io/v1"\n' });
    expect(p.files).toEqual([
      {
        path: '.env',
        group: 'environment',
        blocks: [
          {
            removed: [{ no: 2, text: 'LLM_GATEWAY_API_KEY=•••' }, { no: 3, text: 'export LLM_GATEWAY_BASE_URL=•••' }],
            added: [{ no: 2, text: 'AI_STATS_API_KEY=•••', note: 'value kept' }, { no: 3, text: 'export AI_STATS_BASE_URL=•••', note: 'value changed' }],
          },
        ],
      },
    ]);
    expect(p.variables.map((v) => [v.name, v.becomes, v.setIn])).toEqual([
      ['LLM_GATEWAY_API_KEY', 'AI_STATS_API_KEY', ['.env:2']],
      ['LLM_GATEWAY_BASE_URL', 'AI_STATS_BASE_URL', ['.env:3']],
    ]);
  });

  it('blanks a credential from an environment file wherever else it would show', async () => {
    const p = await pictureOf({
      '.env.local': 'LLM_GATEWAY_API_KEY=zz9_private_value_77\n',
      'llm.yaml': 'base_url: https://api.llmgateway.io/v1  # old key was zz9_private_value_77\n',
    });
    expect(p.leftAlone).toEqual([{ path: '.env.local', reason: expect.stringMatching(/holds what looks like a credential/) }]);
    expect(p.variables[0]).toMatchObject({ name: 'LLM_GATEWAY_API_KEY', setIn: ['.env.local:1'], byHand: ['.env.local:1'] });
    const shown = JSON.stringify(p);
    expect(shown).not.toContain('zz9_private_value_77');
    expect(p.files[0]?.blocks[0]?.added[0]?.text).toBe('base_url: https://api.phaseo.app/v1  # old key was [redacted]');
  });

  it('cuts a change into blocks of removed and added lines with their numbers', () => {
    expect(changeBlocks('a\nb\nc\nd\n', 'a\nB\nc\nD\nE\n')).toEqual([
      { removed: [{ no: 2, text: 'b' }], added: [{ no: 2, text: 'B' }] },
      { removed: [{ no: 4, text: 'd' }], added: [{ no: 4, text: 'D' }, { no: 5, text: 'E' }] },
    ]);
  });
});
