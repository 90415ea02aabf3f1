/**
 * Bad input gets one clear message naming the file, field or variable, exit code 2, and never a
 * stack trace. Each row runs the real CLI as a subprocess in a scratch project.
 */
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, scratchProject } from './helpers/cli.ts';

interface Row {
  name: string;
  /** Prepare the scratch project; returns extra CLI args. */
  setup?: (dir: string, config: string) => string[] | void;
  args?: string[];
  env?: Record<string, string>;
  expect: RegExp;
}

let plainHttp: Server;
let plainPort = 0;
let closedPort = 0;

beforeAll(async () => {
  plainHttp = createServer((_req, res) => res.end('not tls'));
  await new Promise<void>((r) => plainHttp.listen(0, '127.0.0.1', r));
  plainPort = (plainHttp.address() as AddressInfo).port;
  // A port that was just free: bind, read, close.
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
});
afterAll(() => new Promise<void>((r) => plainHttp.close(() => r())));

const suite = (body: string) => (dir: string) => {
  writeFileSync(join(dir, 'prompts', 'zz-bad.yaml'), body);
};
const editConfig = (from: RegExp | string, to: string) => (_dir: string, config: string) => {
  writeFileSync(config, readFileSync(config, 'utf8').replace(from, to));
};
const realTarget = (baseURL: () => string) => (_dir: string, config: string) => {
  const text = readFileSync(config, 'utf8').replace(
    /targets:\n/,
    `targets:\n  broken:\n    baseline: { name: old-gw, profile: llmgateway, baseURL: "${baseURL()}", keyEnv: LLM_GATEWAY_API_KEY }\n    candidate: { name: new-gw, profile: aistats, baseURL: "${baseURL()}", keyEnv: AI_STATS_API_KEY }\n`,
  );
  writeFileSync(config, text);
  return ['--target', 'broken'];
};
const keys = { LLM_GATEWAY_API_KEY: 'llm-test-key-000', AI_STATS_API_KEY: 'phaseo_v1_sk_test00_secret' };

const rows: Row[] = [
  { name: 'broken YAML in a prompt file', setup: suite('suite: x\ncases:\n  - id: a\n    prompt: [unclosed\n'), expect: /prompts\/zz-bad\.yaml:\d+:\d+: YAML syntax error/ },
  { name: 'duplicate case ids', setup: suite('suite: x\ncases:\n  - { id: summarise-ticket, model: gpt-4o, prompt: hi }\n'), expect: /zz-bad\.yaml:3:\d+: cases\[0\]\.id: duplicate case id "summarise-ticket"/ },
  { name: 'unknown field in a case', setup: suite('suite: x\ncases:\n  - { id: a1, model: gpt-4o, prompt: hi, colour: red }\n'), expect: /zz-bad\.yaml:3:\d+: cases\[0\]\.colour: unknown field "colour"/ },
  { name: 'wrong type', setup: suite('suite: x\ncases:\n  - id: a1\n    model: gpt-4o\n    prompt: hi\n    temperature: hot\n'), expect: /zz-bad\.yaml:6:\d+: cases\[0\]\.temperature: .*expected number/ },
  { name: 'empty suite file', setup: suite('suite: x\ncases: []\n'), expect: /zz-bad\.yaml:\d+:\d+: cases: a suite file needs at least one case/ },
  { name: 'missing prompt folder', setup: editConfig('suite: prompts', 'suite: no-such-prompts'), expect: /prompt suite folder no-such-prompts not found|no-such-prompts not found/ },
  { name: 'unknown target', args: ['--target', 'nosuch'], expect: /unknown target "nosuch".*known targets: local, local-drift, local-substituted, local-tail, local-429, dev, staging, production/ },
  { name: 'missing key variable', args: ['--target', 'staging'], env: { LLM_GATEWAY_API_KEY: 'x-key-1234' }, expect: /AI_STATS_API_KEY/ },
  { name: 'empty key variable', args: ['--target', 'staging'], env: { LLM_GATEWAY_API_KEY: 'x-key-1234', AI_STATS_API_KEY: '' }, expect: /the candidate gateway "ai-stats" needs its API key in the environment variable AI_STATS_API_KEY, which is set but empty$/m },
  { name: 'empty key variable', args: ['--target', 'staging'], env: { LLM_GATEWAY_API_KEY: '', AI_STATS_API_KEY: 'phaseo_v1_sk_x_y' }, expect: /the baseline gateway "llm-gateway" needs its API key in the environment variable LLM_GATEWAY_API_KEY, which is set but empty$/m },
  { name: 'blank key variable', args: ['--target', 'staging'], env: { LLM_GATEWAY_API_KEY: '   ', AI_STATS_API_KEY: 'phaseo_v1_sk_x_y' }, expect: /the baseline gateway "llm-gateway" needs its API key in the environment variable LLM_GATEWAY_API_KEY, which holds only whitespace$/m },
  { name: 'real gateway without keyEnv', setup: editConfig(/(staging:[\s\S]*?), keyEnv: AI_STATS_API_KEY/, '$1'), args: ['--target', 'staging'], env: { LLM_GATEWAY_API_KEY: 'x-key-1234' }, expect: /has a baseURL but no keyEnv naming its API key variable \(AI Stats always needs a key; only profile openai-compatible may run without one\)/ },
  { name: 'zero concurrency flag', args: ['--concurrency', '0'], expect: /--concurrency must be a positive integer, got "0"/ },
  { name: 'negative concurrency in the config', setup: editConfig('concurrency: 8 ', 'concurrency: -4 '), expect: /eval\.config\.yaml:\d+:\d+: defaults\.concurrency: .*(>0|positive|too small)/i },
  { name: 'non-numeric repeat', args: ['--repeat', 'abc'], expect: /--repeat must be a positive integer, got "abc"/ },
  { name: 'shard out of range', args: ['--shard', '5/4'], expect: /--shard must be i\/n/ },
  { name: 'missing config file', args: ['--config', 'nope/eval.config.yaml'], expect: /nope\/eval\.config\.yaml: file not found/ },
  { name: 'unknown report format', args: ['--reporter', 'json,pdf'], expect: /pdf/ },
  { name: 'corrupt baseline', setup: (dir) => { mkdirSync(join(dir, 'baseline'), { recursive: true }); writeFileSync(join(dir, 'baseline', 'local.json'), '{"format":"cutover-baseline",'); }, expect: /baseline\/local\.json: the baseline file is not valid JSON/ },
  { name: 'foreign baseline', setup: (dir) => { mkdirSync(join(dir, 'baseline'), { recursive: true }); writeFileSync(join(dir, 'baseline', 'local.json'), '{"results":[]}'); }, expect: /baseline\/local\.json: not a cutover baseline file/ },
  { name: 'unreadable baseline', setup: (dir) => { mkdirSync(join(dir, 'baseline', 'local.json'), { recursive: true }); }, expect: /baseline\/local\.json: cannot read the baseline file \(EISDIR\)/ },
  { name: 'unknown model alias', setup: suite('suite: x\ncases:\n  - { id: a1, model: house-model-7, prompt: hi }\n'), expect: /model alias missing: "house-model-7" \(cases a1\)/ },
  { name: 'unreachable host', setup: realTarget(() => `http://127.0.0.1:${closedPort}/v1`), env: keys, expect: /gateway "old-gw" is unreachable: connection refused|gateway "new-gw" is unreachable: connection refused/ },
  { name: 'TLS failure', setup: realTarget(() => `https://127.0.0.1:${plainPort}/v1`), env: keys, expect: /unreachable: TLS handshake with 127\.0\.0\.1:\d+ failed/ },
];

describe('bad input → exit 2 with one clear line', () => {
  it.concurrent.each(rows)('$name', async (row) => {
    const p = scratchProject();
    const extra = row.setup?.(p.dir, p.config) ?? [];
    const r = await runCli(['eval', '--config', p.config, '--quiet', ...(row.args ?? []), ...extra], { cwd: p.dir, ...(row.env ? { env: row.env } : {}) });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.stderr).toMatch(row.expect);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('cutover:'))).toHaveLength(1);
    expect(r.code, r.stderr).toBe(2);
    // Nothing was run, so nothing is left behind (not even an empty report folder).
    expect(existsSync(join(p.dir, 'reports')), 'report folder left behind').toBe(false);
  });
});

describe('a wrapped error keeps its cause', () => {
  it('CUTOVER_DEBUG=1 shows what caused the one-line message (no stack trace)', async () => {
    const unreadable = rows.find((r) => r.name === 'unreadable baseline') as Row;
    const unreachable = rows.find((r) => r.name === 'unreachable host') as Row;
    const cases: Array<[Row, RegExp]> = [
      [unreadable, /^ {2}caused by: Error: EISDIR: illegal operation on a directory/m],
      [unreachable, /^ {2}caused by: Error: connect ECONNREFUSED 127\.0\.0\.1:\d+$/m],
    ];
    for (const [row, cause] of cases) {
      const p = scratchProject();
      const extra = row.setup?.(p.dir, p.config) ?? [];
      const r = await runCli(['eval', '--config', p.config, '--quiet', ...extra], { cwd: p.dir, env: { ...row.env, CUTOVER_DEBUG: '1' } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(row.expect);
      expect(r.stderr, row.name).toMatch(cause);
      expect(r.stderr).not.toSatisfy(hasStackTrace);
    }
  });

  it('an --out folder that cannot be written: the system error is kept as the cause', async () => {
    // As root, permission bits stop nothing; /sys does.
    let out = '/sys/cutover-out';
    if (process.getuid?.() !== 0) {
      const ro = mkdtempSync(join(tmpdir(), 'cutover-ro-'));
      chmodSync(ro, 0o555);
      out = join(ro, 'out');
    }
    const p = scratchProject();
    const r = await runCli(['eval', '--config', p.config, '--quiet', '--out', out], { cwd: p.dir, env: { CUTOVER_DEBUG: '1' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^cutover: --out .*: cannot write in .* \((EACCES|EPERM|EROFS)\)/m);
    expect(r.stderr).toMatch(/^ {2}caused by: Error: (EACCES|EPERM|EROFS): .*mkdtemp/m);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
  });
});
