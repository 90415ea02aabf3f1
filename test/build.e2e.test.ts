/**
 * scripts/build.mjs --if-stale (what `npm run eval` runs first): builds when an input changed, never
 * otherwise; and the package's declarations, which a bundle-only build does not count as built.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.ts';

describe('build --if-stale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A minimal project with the real build script: the five entry points, trivially small.
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const f of ['cli.ts', 'sim/child.ts', 'run/score-worker.ts', 'gateway/transport-worker.ts', 'index.ts']) {
    mkdirSync(join(dir, 'src', f, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', f), `export const name: string = ${JSON.stringify(f)};\n`);
  }
  const run = (...args: string[]) => execFileSync(process.execPath, ['scripts/build.mjs', ...args], { cwd: dir, encoding: 'utf8' });
  // The bundle alone (as `npm run eval` builds it): the staleness rules, without tsc's seconds.
  const build = (...args: string[]) => run('--no-types', ...args);
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

  it('declarations: built by default, and a bundle-only build is stale for a build that wants them', () => {
    expect(run('--if-stale')).toMatch(/^built dist\/ with declarations/m);
    expect(readFileSync(join(dir, 'dist/index.d.ts'), 'utf8')).toContain('export declare const name: string;');
    expect(run('--if-stale')).toMatch(/^dist\/ is up to date/m);
    // A bundle-only build from the same inputs is enough for a bundle-only check…
    writeFileSync(join(dir, 'src/index.ts'), 'export const name: string = "again";\n');
    expect(built(build('--if-stale'))).toBe(true);
    expect(build('--if-stale')).toMatch(/^dist\/ is up to date/m);
    // …but not for one that wants declarations of those inputs.
    expect(run('--if-stale')).toMatch(/^built dist\/ with declarations/m);
  });
});
