/**
 * Which files of an application are read: TypeScript/JavaScript, Python, `.env*`, YAML and
 * JSON, outside dependency folders, VCS metadata and build output.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.ts';
import { lexEnv } from './lex-env.ts';
import { lexYaml } from './lex-yaml.ts';
import type { FileKind, LexResult } from './segments.ts';

const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next', '.nuxt', '.output', 'coverage',
  '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.turbo', '.cache', 'target',
]);
/** Generated files that are never edited by hand. */
const SKIP_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'composer.lock']);
/** Larger files are generated or data, not configuration (and would make the diff useless). */
export const MAX_FILE_BYTES = 1_000_000;

export function fileKind(name: string): FileKind | null {
  if (SKIP_FILES.has(name)) return null;
  if (name === '.env' || name.startsWith('.env.')) return 'env';
  if (/\.(?:[cm]?[jt]sx?)$/.test(name)) return name.endsWith('.d.ts') ? null : 'js';
  if (name.endsWith('.py')) return 'py';
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (name.endsWith('.json')) return 'json';
  return null;
}

/** Cuts a file into segments by its kind (JS dialect from the extension). */
export interface Lexer {
  lex(file: Pick<SourceFile, 'path' | 'kind' | 'text'>): LexResult;
  /** Frees the Python parser's wasm memory. */
  close(): void;
}

/**
 * The lexers for every kind of file. The parsers (and the Python grammar's wasm, from
 * node_modules) load here, on first use, so commands that never scan code do not pay for them.
 */
export async function loadLexer(): Promise<Lexer> {
  const [{ jsDialect, lexJs }, { lexPy, loadPythonParser }] = await Promise.all([import('./lex-js.ts'), import('./lex-py.ts')]);
  const python = await loadPythonParser();
  return {
    lex({ path, kind, text }) {
      switch (kind) {
        case 'js':
        case 'json':
          return lexJs(text, jsDialect(path));
        case 'py':
          return lexPy(python, text);
        case 'env':
          return lexEnv(text);
        case 'yaml':
          return lexYaml(text);
      }
    },
    close: () => python.delete(),
  };
}

export interface SourceFile {
  /** Relative to the scanned root, with forward slashes (as printed and as used in diffs). */
  path: string;
  abs: string;
  kind: FileKind;
  text: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** All readable source files under `root`, sorted by path, plus the ones passed over and why. */
export async function collectFiles(root: string): Promise<{ files: SourceFile[]; skipped: SkippedFile[] }> {
  const top = await stat(root).catch(() => null);
  if (top === null) throw new UsageError(`${root}: no such directory`);
  if (!top.isDirectory()) throw new UsageError(`${root}: not a directory`);
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(abs);
        continue;
      }
      const kind = e.isFile() ? fileKind(e.name) : null;
      if (kind === null) continue;
      const path = relative(root, abs).split(sep).join('/');
      const size = (await stat(abs)).size;
      if (size > MAX_FILE_BYTES) {
        skipped.push({ path, reason: `larger than ${MAX_FILE_BYTES} bytes` });
        continue;
      }
      const bytes = await readFile(abs);
      const text = bytes.toString('utf8');
      if (text.includes('\uFFFD') || text.includes('\0')) {
        skipped.push({ path, reason: 'not UTF-8 text' });
        continue;
      }
      files.push({ path, abs, kind, text });
    }
  };
  await walk(root);
  return { files, skipped };
}
