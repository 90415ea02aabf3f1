import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.ts';

/** Applies the diff with git in a scratch folder and returns the result. */
function applied(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-diff-'));
  writeFileSync(join(dir, 'f.txt'), before);
  writeFileSync(join(dir, 'p.diff'), diff);
  execFileSync('git', ['apply', 'p.diff'], { cwd: dir, stdio: 'pipe' });
  return readFileSync(join(dir, 'f.txt'), 'utf8');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('f.txt', 'a\n', 'a\n')).toBe('');
  });

  it('writes hunks with three lines of context that git applies', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    const after = before.replace('line 2\n', 'LINE 2\n').replace('line 17\n', 'LINE 17\n');
    const d = unifiedDiff('f.txt', before, after);
    expect(d.match(/^@@/gm)).toHaveLength(2);
    expect(d).toContain('@@ -1,6 +1,6 @@\n line 0\n line 1\n-line 2\n+LINE 2\n');
    expect(applied(before, d)).toBe(after);
  });

  it('marks a missing final newline', () => {
    const d = unifiedDiff('f.txt', 'a\nb', 'a\nc');
    expect(d).toBe('--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(applied('a\nb', d)).toBe('a\nc');
  });
});
