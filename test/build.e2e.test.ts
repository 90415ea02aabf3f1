/** scripts/build.mjs --if-stale (what `npm run eval` runs first): builds when an input changed, never otherwise. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';

describe('build --if-stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A minimal project with the real build script: the four entry points, trivially small.
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const f of ['cli.ts', 'sim/child.ts', 'run/score-worker.ts', 'index.ts']) {
    mkdirSync(join(dir, 'src', f, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', f), `export const name: string = ${JSON.stringify(f)};\n`);
  }
  const build = (...args: string[]) => execFileSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: dir, encoding: 'utf8' });
  const built = (out: string) => /^built dist\//m.test(out);

  it('builds when there is no dist/, then not again until an input changes', () => {
    expect(built(build('--if-stale'))).toBe(true);
    expect(build('--if-stale')).toMatch(/^dist\/ is up to date/m);
    // Content changed.
    writeFileSync(join(dir, 'src/index.ts'), 'export const name: string = "changed";\n');
    expect(built(build('--if-stale'))).toBe(true);
    expect(readFileSync(join(dir, 'dist/index.js'), 'utf8')).toContain('changed');
    // Same size, older mtime (a checkout that restores a file's time).
    utimesSync(join(dir, 'src/cli.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(built(build('--if-stale'))).toBe(true);
    // A file added, then removed.
    writeFileSync(join(dir, 'src/extra.ts'), 'export {};\n');
    expect(built(build('--if-stale'))).toBe(true);
    rmSync(join(dir, 'src/extra.ts'));
    expect(built(build('--if-stale'))).toBe(true);
    // An output deleted.
    rmSync(join(dir, 'dist/cli.js'));
    expect(built(build('--if-stale'))).toBe(true);
    expect(build('--if-stale')).toMatch(/^dist\/ is up to date/m);
  });

  it('without --if-stale (npm run build, npm ci) always builds', () => {
    expect(built(build())).toBe(true);
  });
});
