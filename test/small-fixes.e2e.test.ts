/**
 * Smaller things a new user meets: a server without auth needs no keyEnv (and is sent no
 * Authorization header), serve-sim's Ctrl-C says what it does, migrate --help does not say
 * "(default)" twice, and the README's golden-prompt example is a suite file that loads as written.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli, scratchProject } from './helpers/cli.ts';

/** A minimal OpenAI-compatible server with no auth at all; it remembers every Authorization header it saw. */
let mock: Server;
let mockURL = '';
const authorizations: Array<string | undefined> = [];

function answer(req: IncomingMessage, body: string, res: import('node:http').ServerResponse): void {
  const parsed = JSON.parse(body) as { stream?: boolean; model: string };
  const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
  if (!parsed.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 0, model: parsed.model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }], usage }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: parsed.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
  res.end(`${chunk({ role: 'assistant', content: 'Hello there.' }, null)}${chunk({}, 'stop')}data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: parsed.model, choices: [], usage })}\n\ndata: [DONE]\n\n`);
}

beforeAll(async () => {
  mock = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/chat/completions') answer(req, body, res);
      else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      }
    });
  });
  await new Promise<void>((r) => mock.listen(0, '127.0.0.1', r));
  mockURL = `http://127.0.0.1:${(mock.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => mock.close(() => r())));

describe('small things a new user meets', () => {
  it('an openai-compatible server without auth needs no keyEnv, and is sent no Authorization header', async () => {
    const p = scratchProject();
    rmSync(join(p.dir, 'prompts'), { recursive: true });
    mkdirSync(join(p.dir, 'prompts'));
    writeFileSync(join(p.dir, 'prompts', 'hello.yaml'), 'suite: hello\ncases:\n  - { id: hello, model: local-model, prompt: "Say hello.", stream: both, max_tokens: 8 }\n');
    writeFileSync(
      p.config,
      `version: 1\ndefaults: { warmup: 0 }\ntargets:\n  mock:\n    baseline: { name: mock-a, profile: openai-compatible, baseURL: "${mockURL}" }\n    candidate: { name: mock-b, profile: openai-compatible, baseURL: "${mockURL}" }\n`,
    );
    authorizations.length = 0;
    const out = mkdtempSync(join(tmpdir(), 'cutover-keyless-'));
    const r = await runCli(['eval', '--config', p.config, '--target', 'mock', '--repeat', '2', '--out', out, '--quiet'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect([0, 1], r.stderr).toContain(r.code);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { totals: { requests: number; baseline: { ok: number; errors: number } } };
    expect(report.totals.requests).toBe(8);
    expect(report.totals.baseline.errors).toBe(0);
    expect(authorizations.length).toBeGreaterThanOrEqual(8);
    expect(authorizations.filter((a) => a !== undefined)).toEqual([]);
  });

  it("serve-sim's Ctrl-C says it stops the simulated gateways (nothing about results)", async () => {
    let kill: ((sig: NodeJS.Signals) => void) | undefined;
    let sent = false;
    const r = await runCli(['serve-sim'], {
      onSpawn: (_pid, k) => (kill = k),
      onStdout: (chunk) => {
        if (!sent && chunk.includes('press Ctrl-C to stop')) {
          sent = true;
          kill?.('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe('SIGINT: stopping the simulated gateways');
  });

  it('migrate --help names the default once', async () => {
    const r = await runCli(['migrate', '--help']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith('--dry-run')) ?? '';
    expect(line).toMatch(/print the diff and change nothing/);
    expect(r.stdout).not.toMatch(/\(default\)\s*\(default: false\)/);
    expect(line).not.toMatch(/default: false/);
  });

  it('suite files in nested prompt folders are loaded, not skipped', async () => {
    const p = scratchProject({ copyBaseline: true });
    mkdirSync(join(p.dir, 'prompts', 'team', 'billing'), { recursive: true });
    writeFileSync(join(p.dir, 'prompts', 'team', 'billing', 'refunds.yaml'), 'suite: refunds\ncases:\n  - { id: deep-refund, model: gpt-4o-mini, prompt: "Refund order A-1?", max_tokens: 16 }\n');
    const r = await runCli(['eval', '--config', p.config, '--grep', '^deep-refund$', '--plan'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^target local: will send \d+ requests \(1 case × /);
    const all = await runCli(['eval', '--config', p.config, '--plan'], { cwd: p.dir });
    expect(all.stdout).toMatch(/\(29 cases × /);
  });

  it("the README's golden-prompt example is a suite file that loads as written", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Golden prompts'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example, 'a yaml block under "## Golden prompts"').toBeDefined();
    const p = scratchProject();
    rmSync(join(p.dir, 'prompts'), { recursive: true });
    mkdirSync(join(p.dir, 'prompts'));
    writeFileSync(join(p.dir, 'prompts', 'example.yaml'), example ?? '');
    // --plan loads and validates the suite (assertions compiled) and sends nothing.
    const r = await runCli(['eval', '--config', p.config, '--plan'], { cwd: p.dir });
    // No error; a one-case suite may be warned that its latency threshold is undetectable (issue 14).
    expect(r.stderr).not.toMatch(/^cutover: /m);
    expect(r.stderr.split('\n').filter((l) => l && !/^cutover eval: warning: /.test(l))).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^target local: will send \d+ requests \(1 case × /);
  });
});
