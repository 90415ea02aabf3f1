/**
 * inventory and migrate on the acme-support fixture, through the real CLI. The fixture is
 * always copied to a temp folder first; the repo's copy is never written.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli } from './helpers/cli.ts';

const FIXTURE = join(ROOT, 'test/fixtures/acme-support');
/** Regex literals after `)` and `}`, JSX text with apostrophes, nested templates, 3.12 f-strings. */
const TRICKY = join(ROOT, 'test/fixtures/tricky-syntax');

/** Every old-gateway use in the tricky fixture, by hand (a hand-written lexer skipped all four files). */
const TRICKY_OLD = [
  'jobs/digest.py:5 model gpt-4o',
  'jobs/digest.py:6 model gpt-4o-mini',
  'jobs/digest.py:7 client OpenAI(…)',
  'jobs/digest.py:7 env-var LLM_GATEWAY_API_KEY',
  'jobs/digest.py:7 env-var LLM_GATEWAY_BASE_URL',
  'jobs/digest.py:7 base-url https://api.llmgateway.io/v1',
  'jobs/digest.py:8 model gpt-4o',
  'jobs/digest.py:9 model gpt-4o-mini',
  'lib/legacy.cjs:1 model gpt-4o-mini',
  'lib/legacy.cjs:6 env-var LLM_GATEWAY_API_KEY',
  'lib/route.mjs:7 env-var LLM_GATEWAY_BASE_URL',
  'lib/route.mjs:7 base-url https://api.llmgateway.io/v1',
  'lib/route.mjs:8 model claude-3-5-haiku-20241022',
  'web/Banner.tsx:7 model gpt-4o',
  'web/Banner.tsx:10 client new OpenAI(…)',
  'web/Banner.tsx:10 env-var LLM_GATEWAY_API_KEY',
  'web/Banner.tsx:10 base-url https://api.llmgateway.io/v1',
  'web/Banner.tsx:11 model gpt-4o-mini',
  'web/Notice.jsx:2 model gpt-4o-mini',
];

interface JsonFinding {
  file: string;
  line: number;
  kind: string;
  value: string;
  old: boolean;
}

/** Every old-gateway reference in the fixture, by hand: file:line kind value. */
const EXPECTED_OLD = [
  '.env:2 env-var LLM_GATEWAY_API_KEY',
  '.env:3 env-var LLM_GATEWAY_BASE_URL',
  '.env:3 base-url https://api.llmgateway.io/v1',
  '.env:4 model gpt-4o-mini',
  '.env:5 model gpt-4o-mini',
  '.env:5 fallback-chain gpt-4o-mini, claude-3-5-haiku-20241022',
  '.env:5 model claude-3-5-haiku-20241022',
  'config/features.json:4 model gpt-4o',
  'config/features.json:9 model gpt-4o-mini',
  'config/features.json:9 fallback-chain gpt-4o-mini, openai/gpt-4.1-mini',
  'config/llm.yaml:3 base-url https://api.llmgateway.io/v1',
  'config/llm.yaml:4 env-var LLM_GATEWAY_API_KEY',
  'config/llm.yaml:6 model gpt-4o-mini',
  'config/llm.yaml:8 model gpt-4o-mini',
  'config/llm.yaml:8 fallback-chain gpt-4o-mini, claude-3-5-haiku-20241022, gemini-2.0-flash',
  'config/llm.yaml:9 model claude-3-5-haiku-20241022',
  'config/llm.yaml:10 model gemini-2.0-flash',
  'scripts/summarise_tickets.py:8 client OpenAI(…)',
  'scripts/summarise_tickets.py:9 env-var LLM_GATEWAY_API_KEY',
  'scripts/summarise_tickets.py:10 env-var LLM_GATEWAY_BASE_URL',
  'scripts/summarise_tickets.py:10 base-url https://api.llmgateway.io/v1',
  'scripts/summarise_tickets.py:16 model claude-3-5-sonnet-20241022',
  'scripts/summarise_tickets.py:16 fallback-chain claude-3-5-sonnet-20241022, gpt-4o-mini',
  'scripts/summarise_tickets.py:16 model gpt-4o-mini',
  'src/llm/client.ts:4 env-var LLM_GATEWAY_BASE_URL',
  'src/llm/client.ts:4 base-url https://api.llmgateway.io/v1',
  'src/llm/client.ts:6 client new OpenAI(…)',
  'src/llm/client.ts:7 env-var LLM_GATEWAY_API_KEY',
  'src/llm/models.ts:3 model gpt-4o-mini',
  'src/llm/models.ts:4 model gpt-4o',
  'src/llm/models.ts:5 model claude-3-5-sonnet-20241022',
  'src/llm/models.ts:9 model gpt-4o',
  'src/llm/models.ts:9 fallback-chain gpt-4o, gpt-4o-mini, gemini-2.0-flash',
  'src/llm/models.ts:9 model gpt-4o-mini',
  'src/llm/models.ts:9 model gemini-2.0-flash',
];

/** Settings the inventory reports for review but that do not point at either gateway. */
const EXPECTED_SETTINGS = [
  '.env:6 timeout REQUEST_TIMEOUT_MS',
  'config/llm.yaml:12 retry max_attempts',
  'config/llm.yaml:14 timeout timeout_s',
  'scripts/summarise_tickets.py:11 timeout timeout',
  'scripts/summarise_tickets.py:12 retry max_retries',
  'src/llm/client.ts:9 timeout timeout',
  'src/llm/client.ts:10 retry maxRetries',
];

const row = (f: JsonFinding) => `${f.file}:${f.line} ${f.kind} ${f.value}`;

/** A scratch copy of the fixture, plus folders the scan must skip. */
function fixtureCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-acme-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const skipped of ['node_modules/openai', 'dist', '.git']) {
    mkdirSync(join(dir, skipped), { recursive: true });
    writeFileSync(join(dir, skipped, 'index.js'), "export const url = 'https://api.llmgateway.io/v1'; // LLM_GATEWAY_API_KEY\n");
  }
  return dir;
}

async function inventoryJson(dir: string): Promise<{ filesScanned: number; findings: JsonFinding[]; skipped: unknown[] }> {
  const r = await runCli(['inventory', dir, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { filesScanned: number; findings: JsonFinding[]; skipped: unknown[] };
}

describe('inventory', () => {
  it('lists every old-gateway reference of the fixture with file:line, and the retry/timeout settings', async () => {
    const inv = await inventoryJson(fixtureCopy());
    expect(inv.findings.filter((f) => f.old).map(row)).toEqual(EXPECTED_OLD);
    expect(inv.findings.filter((f) => f.kind === 'retry' || f.kind === 'timeout').map(row)).toEqual(EXPECTED_SETTINGS);
    expect(inv.skipped).toEqual([]);
  });

  it('reads .tsx/.jsx/.mjs/.cjs/.py files with syntax hand-written lexers get wrong: skips none, finds every use', async () => {
    const inv = await inventoryJson(TRICKY);
    expect(inv.skipped).toEqual([]);
    expect(inv.filesScanned).toBe(5);
    expect(inv.findings.filter((f) => f.old).map(row)).toEqual(TRICKY_OLD);
  });

  it('prints file:line:column and a count of old references in text output', async () => {
    const r = await runCli(['inventory', 'test/fixtures/acme-support']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/llm/client.ts:7:23');
    expect(r.stdout).toMatch(/35 refer\(s\) to the old gateway/);
  });
});

describe('migrate', () => {
  it('--dry-run prints a patch that git apply accepts, and changes nothing', async () => {
    const dir = fixtureCopy();
    const before = readFileSync(join(dir, 'src/llm/client.ts'), 'utf8');
    const r = await runCli(['migrate', dir, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n-LLM_GATEWAY_API_KEY=replace-me\n');
    expect(r.stdout).toContain('\n+AI_STATS_API_KEY=replace-me\n');
    expect(r.stdout).toContain("+  triage: 'openai/gpt-4o-mini',");
    expect(r.stderr).toContain('6 file(s) would change');
    expect(readFileSync(join(dir, 'src/llm/client.ts'), 'utf8')).toBe(before);
    const patch = join(dir, '..', `${dir.split('/').pop() ?? 'x'}.patch`);
    writeFileSync(patch, r.stdout);
    expect(() => execFileSync('git', ['apply', '--check', patch], { cwd: dir, stdio: 'pipe' })).not.toThrow();
  });

  it('--write leaves no old-gateway reference, keeps payload text, and a second run changes nothing', async () => {
    const dir = fixtureCopy();
    const reply = readFileSync(join(dir, 'src/reply.ts'), 'utf8');
    const w = await runCli(['migrate', dir, '--write']);
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toContain('Changed 6 file(s)');

    const inv = await inventoryJson(dir);
    expect(inv.findings.filter((f) => f.old)).toEqual([]);
    expect(readFileSync(join(dir, 'src/reply.ts'), 'utf8')).toBe(reply);
    expect(readFileSync(join(dir, 'config/llm.yaml'), 'utf8')).toContain('    - anthropic/claude-3-5-haiku-20241022\n');
    expect(readFileSync(join(dir, 'node_modules/openai/index.js'), 'utf8')).toContain('LLM_GATEWAY_API_KEY');

    const again = await runCli(['migrate', dir, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changes: [], skipped: [] });
  });

  it('--write migrates the tricky fixture completely: no old use left, regexes and JSX text untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-tricky-'));
    cpSync(TRICKY, dir, { recursive: true });
    const w = await runCli(['migrate', dir, '--write']);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('Changed 5 file(s)');
    expect((await inventoryJson(dir)).findings.filter((f) => f.old)).toEqual([]);
    const banner = readFileSync(join(dir, 'web/Banner.tsx'), 'utf8');
    expect(banner).toContain("<p title=\"Don't\">Don't worry, we're switching gateways: {name}'s model is {'openai/gpt-4o'}.</p>");
    expect(readFileSync(join(dir, 'lib/route.mjs'), 'utf8')).toContain('  if (ok) /"quoted\'/.test(input);\n');
    expect(readFileSync(join(dir, 'web/Notice.jsx'), 'utf8')).toContain("export function Notice({ model = 'openai/gpt-4o-mini', note }) {\n  if (note) /'$/.test(note);\n  return <p>Don't switch {model} until it's ready — we'll say when.</p>;");
    expect(readFileSync(join(dir, 'jobs/digest.py'), 'utf8')).toContain('f"{cfg["who"]} uses {cfg.get("model", f"{"openai/gpt-4o-mini"}")}');
  });

  it('leaves files it cannot parse safely alone and names them', async () => {
    const dir = fixtureCopy();
    const broken = 'gateway:\n  base_url: https://api.llmgateway.io/v1\n  bad: [unclosed\n';
    writeFileSync(join(dir, 'config/broken.yaml'), broken);
    writeFileSync(join(dir, 'config/commented.json'), '{\n  // JSON with comments is not JSON\n  "model": "gpt-4o"\n}\n');
    writeFileSync(join(dir, '.env.production'), 'LLM_GATEWAY_API_KEY=llmgw_live_9f8e7d6c5b4a39281706\n');
    const r = await runCli(['migrate', dir, '--write']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/config\/broken\.yaml: cannot be read as yaml/);
    expect(r.stderr).toMatch(/config\/commented\.json: not strict JSON/);
    expect(r.stderr).toMatch(/\.env\.production: holds what looks like a credential/);
    expect(r.stderr).not.toContain('llmgw_live_9f8e7d6c5b4a39281706');
    expect(readFileSync(join(dir, 'config/broken.yaml'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, '.env.production'), 'utf8')).toContain('LLM_GATEWAY_API_KEY=llmgw_live_');
  });

  it('a missing folder is one line and exit 2', async () => {
    const r = await runCli(['migrate', 'no/such/app', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
