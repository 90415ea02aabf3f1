/**
 * `migrate <dir>`: the before/after of an application moved to the new gateway, as one
 * unified diff (`--dry-run`) or written in place (`--write`). Files it cannot rewrite with
 * certainty are listed with the reason and never touched.
 */
import { randomBytes } from 'node:crypto';
import { chmod, rename, stat, writeFile } from 'node:fs/promises';
import { unifiedDiff } from './diff.ts';
import { collectFiles, loadLexer, type SkippedFile, type SourceFile } from './files.ts';
import { rewriteFile } from './rewrite.ts';
import type { MigrationRules } from './rules.ts';

export interface FileChange {
  path: string;
  abs: string;
  before: string;
  after: string;
  diff: string;
}

export interface MigrationPlan {
  root: string;
  filesScanned: number;
  changes: FileChange[];
  /** Files that need changes but were left alone (and why), plus files that could not be read. */
  skipped: SkippedFile[];
}

export async function planMigration(root: string, rules: MigrationRules): Promise<MigrationPlan> {
  const { files, skipped } = await collectFiles(root);
  const changes: FileChange[] = [];
  const left: SkippedFile[] = [...skipped];
  const lexer = await loadLexer();
  try {
    for (const file of files) {
      const outcome = rewriteFile(file, rules, lexer);
      switch (outcome.kind) {
        case 'unchanged':
          break;
        case 'skipped':
          left.push({ path: file.path, reason: outcome.reason });
          break;
        case 'changed':
          changes.push(change(file, outcome.text));
          break;
      }
    }
  } finally {
    lexer.close();
  }
  return { root, filesScanned: files.length, changes, skipped: left };
}

function change(file: SourceFile, after: string): FileChange {
  return { path: file.path, abs: file.abs, before: file.text, after, diff: unifiedDiff(file.path, file.text, after) };
}

/** The whole plan as one patch, applicable with `git apply` (or `patch -p1`) from the root. */
export function planDiff(plan: MigrationPlan): string {
  return plan.changes.map((c) => c.diff).join('');
}

/** Writes every change (temp file + rename, so a crash never leaves half a file; the mode is kept). */
export async function applyMigration(plan: MigrationPlan): Promise<void> {
  for (const c of plan.changes) {
    const tmp = `${c.abs}.cutover-${randomBytes(4).toString('hex')}.tmp`;
    const { mode } = await stat(c.abs);
    await writeFile(tmp, c.after, 'utf8');
    await chmod(tmp, mode);
    await rename(tmp, c.abs);
  }
}
