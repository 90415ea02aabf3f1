/**
 * The migration as a picture (the guide's `01-env-migration.png`): every environment, config and
 * code file the migration touches, before and after, and each old variable with where it is set
 * and read. Nothing secret is shown:
 *   - an environment file shows variable names only, never a value (`AI_STATS_API_KEY=•••`,
 *     "value kept"); its comments are not shown either;
 *   - other lines are masked like inventory snippets (`maskSecrets`), and migrate never rewrites a
 *     file holding something that looks like a credential in the first place;
 *   - as a last guard, the values of credential-named variables in the application's environment
 *     files are blanked wherever they would appear.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeBlocks } from './diff.ts';
import { fileKind } from './files.ts';
import type { Inventory } from './inventory.ts';
import type { MigrationPlan } from './migrate.ts';
import { maskSecrets } from './secrets.ts';

export const VALUE_MASK = '•••';
export type FileGroup = 'environment' | 'configuration' | 'code';

export interface PictureLine {
  no: number;
  /** Already masked. */
  text: string;
  /** For environment variables: whether the value changed ("value kept" / "value changed"). */
  note?: string;
}

export interface PictureFile {
  path: string;
  group: FileGroup;
  blocks: Array<{ removed: PictureLine[]; added: PictureLine[] }>;
}

export interface PictureVariable {
  name: string;
  becomes: string;
  /** `file:line` in environment files. */
  setIn: string[];
  /** `file:line` elsewhere (code, config). */
  readIn: string[];
  /** Places in files migrate leaves alone (they need a hand edit). */
  byHand: string[];
}

export interface MigrationPicture {
  root: string;
  wrote: boolean;
  filesScanned: number;
  files: PictureFile[];
  leftAlone: Array<{ path: string; reason: string }>;
  variables: PictureVariable[];
}

export function groupOf(path: string): FileGroup {
  const kind = fileKind(path.split('/').pop() ?? path);
  return kind === 'env' ? 'environment' : kind === 'yaml' || kind === 'json' ? 'configuration' : 'code';
}

const ENV_LINE = /^(\s*(?:export\s+)?)([A-Za-z_][\w.-]*)(\s*=\s*)(.*)$/;
const SECRET_NAME = /key|token|secret|passw|credential|auth/i;

/** An environment-file line with its value replaced; comments and anything else are not shown. */
function envLine(text: string): { shown: string; name: string | null; value: string | null } {
  const m = ENV_LINE.exec(text);
  if (m) return { shown: `${m[1] ?? ''}${m[2] ?? ''}=${VALUE_MASK}`, name: m[2] ?? null, value: (m[4] ?? '').trim() };
  if (/^\s*#/.test(text)) return { shown: '# (comment not shown)', name: null, value: null };
  return { shown: text.trim() === '' ? '' : '(line not shown)', name: null, value: null };
}

/** Values of credential-named variables in an environment file's text. */
function secretValues(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const e = envLine(line);
    const value = e.value?.replace(/^(["'])(.*)\1$/, '$2') ?? '';
    if (e.name && SECRET_NAME.test(e.name) && value.length >= 6) out.push(value);
  }
  return out;
}

function envBlock(removed: Array<{ no: number; text: string }>, added: Array<{ no: number; text: string }>): PictureFile['blocks'][number] {
  const before = removed.map((l) => ({ ...l, env: envLine(l.text) }));
  const after = added.map((l) => ({ ...l, env: envLine(l.text) }));
  return {
    removed: before.map((l) => ({ no: l.no, text: l.env.shown })),
    added: after.map((l, i) => {
      const was = before[i]?.env.value;
      const note = l.env.value === null || was === undefined || was === null ? undefined : was === l.env.value ? 'value kept' : 'value changed';
      return { no: l.no, text: l.env.shown, ...(note ? { note } : {}) };
    }),
  };
}

export function migrationPicture(plan: MigrationPlan, inv: Inventory, opts: { root: string; wrote: boolean }): MigrationPicture {
  const secrets = new Set<string>();
  const files: PictureFile[] = plan.changes.map((c) => {
    const group = groupOf(c.path);
    if (group === 'environment') for (const s of [...secretValues(c.before), ...secretValues(c.after)]) secrets.add(s);
    const blocks = changeBlocks(c.before, c.after).map((b) =>
      group === 'environment'
        ? envBlock(b.removed, b.added)
        : { removed: b.removed.map((l) => ({ no: l.no, text: maskSecrets(l.text) })), added: b.added.map((l) => ({ no: l.no, text: maskSecrets(l.text) })) },
    );
    return { path: c.path, group, blocks };
  });
  for (const s of plan.skipped) {
    if (groupOf(s.path) !== 'environment') continue;
    try {
      for (const v of secretValues(readFileSync(join(plan.root, s.path), 'utf8'))) secrets.add(v);
    } catch {
      // Unreadable: nothing of it can be shown either.
    }
  }
  const changed = new Set(plan.changes.map((c) => c.path));
  const byName = new Map<string, PictureVariable>();
  for (const f of inv.findings) {
    if (f.kind !== 'env-var' || !f.old) continue;
    const v = byName.get(f.value) ?? { name: f.value, becomes: f.replacement ?? f.value, setIn: [], readIn: [], byHand: [] };
    const at = `${f.file}:${f.line}`;
    (groupOf(f.file) === 'environment' ? v.setIn : v.readIn).push(at);
    if (!changed.has(f.file)) v.byHand.push(at);
    byName.set(f.value, v);
  }
  const picture: MigrationPicture = {
    root: opts.root,
    wrote: opts.wrote,
    filesScanned: plan.filesScanned,
    files,
    leftAlone: plan.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    variables: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  return redact(picture, [...secrets]);
}

/** The last guard: no credential value from an environment file survives anywhere in the picture. */
function redact(p: MigrationPicture, values: readonly string[]): MigrationPicture {
  if (values.length === 0) return p;
  const longestFirst = [...values].sort((a, b) => b.length - a.length);
  const clean = (s: string): string => longestFirst.reduce((acc, v) => acc.split(v).join('[redacted]'), s);
  return JSON.parse(JSON.stringify(p), (_k, v: unknown) => (typeof v === 'string' ? clean(v) : v)) as MigrationPicture;
}

/** Counts for headlines: files per group. */
export function groupCounts(p: MigrationPicture): Record<FileGroup, number> {
  const out: Record<FileGroup, number> = { environment: 0, configuration: 0, code: 0 };
  for (const f of p.files) out[f.group]++;
  return out;
}
