/**
 * The migration guide's first picture (01-env-migration.png) from the acme-support fixture,
 * through the real CLI: `migrate --dry-run --html --png` writes a page Chromium shows without
 * errors or requests and a PNG that is not blank, and no credential from the application's
 * environment files appears in the page, the PNG (its text layer, and the text drawn into it) or
 * anything printed. `inventory` after `--write` says the "remove old config" check passed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inventory } from '../src/migrate/inventory.ts';
import { planMigration } from '../src/migrate/migrate.ts';
import { migrationPicture } from '../src/migrate/picture.ts';
import { MIGRATION_PNG_WIDTH, migrationSvg } from '../src/migrate/picture-png.ts';
import { PNG_SCALE } from '../src/report/png.ts';
import { ROOT, runCli, type CliResult } from './helpers/cli.ts';
import { inspectPage, type PageCheck } from './helpers/page-check.ts';
import { checkPng } from './helpers/png-check.ts';

const FIXTURE = join(ROOT, 'test/fixtures/acme-support');
/** What a developer keeps next to the committed .env (the fixture's README says so). */
const ENV_LOCAL = 'LLM_GATEWAY_API_KEY=llmgw_live_5f2c9a7e1b3d4068a9c1\nSUPPORT_WEBHOOK_SECRET=whsec_3b7e19c2d4a8f6e0b5a1\n';

/** Values of credential-named variables in every environment file of an application. */
function credentialValues(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f === '.env' || f.startsWith('.env.'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .map((line) => /^([A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD)[A-Z0-9_]*)=(.+)$/.exec(line.trim()))
    .flatMap((m) => (m?.[2] ? [m[2]] : []));
}

function app(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-picture-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, '.env.local'), ENV_LOCAL);
  return dir;
}

describe('migrate --dry-run --html --png', () => {
  let dir: string;
  let out: string;
  let run: CliResult;
  let page: PageCheck;
  let secrets: string[];

  beforeAll(async () => {
    dir = app();
    out = mkdtempSync(join(tmpdir(), 'cutover-picture-out-'));
    secrets = credentialValues(dir);
    run = await runCli(['migrate', dir, '--dry-run', '--html', join(out, 'migration.html'), '--png', join(out, 'migration.png')]);
    page = await inspectPage(join(out, 'migration.html'), '#variables');
  }, 120_000);

  it('finds the credentials the test must not see anywhere', () => {
    expect(secrets).toEqual(['replace-me', 'llmgw_live_5f2c9a7e1b3d4068a9c1', 'whsec_3b7e19c2d4a8f6e0b5a1']);
  });

  it('writes both files and still prints the patch, leaving the file with a credential alone', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\.env\.local: holds what looks like a credential/);
    expect(run.stderr).toMatch(/wrote .*migration\.html\n/);
    expect(run.stdout).toContain('+AI_STATS_BASE_URL=https://api.phaseo.app/v1');
  });

  it('shows each old variable, where it is set and read, and which place needs a hand edit', () => {
    expect(page.consoleErrors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
    expect(page.text).toMatch(/LLM_GATEWAY_API_KEY\s+AI_STATS_API_KEY\s+\.env:2 \.env\.local:1\s+config\/llm\.yaml:4 scripts\/summarise_tickets\.py:9 src\/llm\/client\.ts:7\s+by hand: \.env\.local:1/);
    expect(page.bodyText).toContain('AI_STATS_API_KEY=•••');
    expect(page.bodyText).toMatch(/\.env\.local: holds what looks like a credential/);
    expect(page.bodyText).toMatch(/"remove old config" check/);
  });

  it('writes a PNG of the expected width that is not blank', () => {
    const png = checkPng(join(out, 'migration.png'));
    expect(png.width).toBe(MIGRATION_PNG_WIDTH * PNG_SCALE);
    expect(run.stderr).toContain(`migration.png (${png.width}×${png.height})`);
    expect(png.height).toBeGreaterThan(1000);
    expect(png.luminanceStd).toBeGreaterThan(20);
  });

  it('shows no credential in the page, the PNG, the text drawn into it, or anything printed', async () => {
    const html = readFileSync(join(out, 'migration.html'), 'utf8');
    const png = checkPng(join(out, 'migration.png'));
    // The PNG's text is what the SVG drawn into it says: the same code path the CLI renders.
    const rules = { aliases: {} };
    const svg = migrationSvg(migrationPicture(await planMigration(dir, rules), await inventory(dir, rules), { root: basename(dir), wrote: false }), { version: 'test' });
    expect(svg).toContain('LLM_GATEWAY_API_KEY');
    for (const secret of secrets) {
      expect(html, secret).not.toContain(secret);
      expect(page.bodyText, secret).not.toContain(secret);
      expect(svg, secret).not.toContain(secret);
      expect(png.textChunks.join('\n'), secret).not.toContain(secret);
      expect(run.stderr, secret).not.toContain(secret);
    }
    // The patch on stdout is for `git apply`: it holds the placeholder of the committed .env, never a real key.
    for (const secret of secrets.filter((s) => s !== 'replace-me')) expect(run.stdout, secret).not.toContain(secret);
  });
});

describe('inventory after migrate --write', () => {
  it('says the "remove old config" check passed once no LLM_GATEWAY_* use is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-picture-write-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const before = await runCli(['inventory', dir]);
    expect(before.stdout).toMatch(/"Remove old config" check: not yet — 7 use\(s\) of LLM_GATEWAY_\* variables remain/);
    expect((await runCli(['migrate', dir, '--write'])).code).toBe(0);
    const after = await runCli(['inventory', dir]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/"Remove old config" check: passed — no LLM_GATEWAY_\* variable is used any more\. This is the migration guide's "remove old config" check/);
    const json = JSON.parse((await runCli(['inventory', dir, '--json'])).stdout) as { removeOldConfig: unknown };
    expect(json.removeOldConfig).toEqual({ passed: true, remaining: 0, unread: 0 });
  });

  it('does not claim the check while a file with a credential still uses LLM_GATEWAY_*', async () => {
    const dir = app();
    await runCli(['migrate', dir, '--write']);
    const after = await runCli(['inventory', dir]);
    expect(after.stdout).toMatch(/"Remove old config" check: not yet — 1 use\(s\) of LLM_GATEWAY_\* variables remain/);
    for (const secret of credentialValues(dir).filter((s) => s !== 'replace-me')) expect(after.stdout).not.toContain(secret);
  });
});
