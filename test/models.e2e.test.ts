/**
 * health and models through the real CLI: against the simulated gateways of target `local`,
 * a candidate catalog missing a used model, and gateways that are down, reject the key, serve
 * HTML where JSON belongs, or are configured without /v1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultKind, SimSchema } from '../src/config/schema.ts';
import { createSimServer, type SimServer } from '../src/sim/host.ts';
import { hasStackTrace, ROOT, runCli, scratchProject } from './helpers/cli.ts';

type Yaml = Record<string, unknown>;
const baseConfig = (): Yaml => parse(readFileSync(join(ROOT, 'eval.config.yaml'), 'utf8')) as Yaml;

/** A scratch project whose config has exactly these targets. */
function projectWith(targets: Yaml): string {
  return scratchProject({ config: stringify({ ...baseConfig(), targets }) }).config;
}

function realTarget(baselineURL: string, candidateURL: string): Yaml {
  return {
    baseline: { name: 'llm-gw', profile: 'llmgateway', baseURL: baselineURL, keyEnv: 'TEST_LLM_KEY', timeoutMs: 5000 },
    candidate: { name: 'ai-stats', profile: 'aistats', baseURL: candidateURL, keyEnv: 'TEST_AIS_KEY', timeoutMs: 5000 },
  };
}
const KEYS = { TEST_LLM_KEY: 'wrong-llm-key-0000', TEST_AIS_KEY: 'wrong-ais-key-0000' };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('against the simulated gateways (target local)', () => {
  it('health: both gateways healthy, every model the suite uses probed on each (mapped through the aliases), exit 0', async () => {
    const r = await runCli(['health', '--target', 'local', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      healthy: boolean;
      models: Array<{ id: string; baseline: string; candidate: string }>;
      rows: Array<{ role: string; check: string; target: string; ok: boolean; requestId: string | null }>;
    };
    expect(out.healthy).toBe(true);
    // The suite's models, cheapest first by the configured prices; AI Stats gets them through the aliases.
    expect(out.models).toEqual([
      { id: 'gemini-2.0-flash', baseline: 'gemini-2.0-flash', candidate: 'google/gemini-2.0-flash' },
      { id: 'gpt-4o-mini', baseline: 'gpt-4o-mini', candidate: 'openai/gpt-4o-mini' },
      { id: 'gpt-4.1-mini', baseline: 'gpt-4.1-mini', candidate: 'openai/gpt-4.1-mini' },
      { id: 'gpt-4o', baseline: 'gpt-4o', candidate: 'openai/gpt-4o' },
      { id: 'claude-3-7-sonnet-20250219', baseline: 'claude-3-7-sonnet-20250219', candidate: 'anthropic/claude-3-7-sonnet-20250219' },
    ]);
    const expected = (role: 'baseline' | 'candidate', health: string) => [
      `${role} health ${health} true`,
      ...out.models.map((m) => `${role} chat ${m[role]} true`),
      `${role} chat-stream ${out.models[0]?.[role]} true`,
    ];
    expect(out.rows.map((x) => `${x.role} ${x.check} ${x.target} ${x.ok}`)).toEqual([...expected('baseline', 'GET /'), ...expected('candidate', 'GET /v1/health')]);
    // AI Stats' request id is the body id G-<ULID>; LLM Gateway's is its x-request-id header.
    expect(out.rows.filter((x) => x.role === 'candidate' && x.check !== 'health').every((x) => /^G-/.test(x.requestId ?? ''))).toBe(true);
  });

  it('health: a gateway whose upstream fails every model is unhealthy per model, even though its health route says ok', async () => {
    const base = baseConfig() as { targets: Record<string, Yaml> };
    const local = base.targets['local'] as Yaml;
    const candidate = local['candidate'] as Yaml;
    const config = projectWith({ local: { ...local, candidate: { ...candidate, sim: { ...(candidate['sim'] as Yaml), faults: { rate: 1, kinds: ['upstream-rate-limited'] } } } } });
    const r = await runCli(['health', '--config', config, '--target', 'local']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/candidate\s+ai-stats-sim\s+health\s+GET \/v1\/health\s+ok 200/);
    for (const m of ['google/gemini-2.0-flash', 'openai/gpt-4o-mini', 'anthropic/claude-3-7-sonnet-20250219']) {
      expect(r.stdout).toMatch(new RegExp(`candidate\\s+ai-stats-sim\\s+chat\\s+${m.replace(/[/.]/g, '\\$&')}\\s+FAIL 502 upstream-rate-limited`));
    }
    expect(r.stdout).toContain('unhealthy: candidate');
    expect(r.stdout).not.toContain('both gateways healthy');
  });

  it('models: every suite model exists on both sides, with prices, exit 0', async () => {
    const r = await runCli(['models', '--target', 'local', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { unmapped: string[]; checks: Array<{ id: string; candidateId: string; onCandidate: boolean; candidatePrice: unknown }> };
    expect(out.unmapped).toEqual([]);
    expect(out.checks.find((c) => c.id === 'gpt-4o')).toMatchObject({ candidateId: 'openai/gpt-4o', onCandidate: true, candidatePrice: { input: '2.5', output: '10' } });
  });

  it('models: a used model missing from the candidate catalog is named, with a near match, exit 1', async () => {
    const cfg = baseConfig();
    const local = (cfg['targets'] as Yaml)['local'] as Yaml;
    const candidate = local['candidate'] as Yaml;
    const config = projectWith({ local: { ...local, candidate: { ...candidate, sim: { ...(candidate['sim'] as Yaml), missingModels: ['openai/gpt-4.1-mini'] } } } });
    const r = await runCli(['models', '--config', config, '--target', 'local']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('MISSING openai/gpt-4.1-mini');
    expect(r.stdout).toMatch(/near matches on the candidate: \S+/);
    expect(r.stdout).toContain('1 used model(s) have no model on the candidate: gpt-4.1-mini');
  });
});

describe('serve-sim --help', () => {
  it('names every fault kind after what the client sees and says which real answer each reproduces', async () => {
    const r = await runCli(['serve-sim', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    for (const kind of FaultKind.options) expect(r.stdout).toMatch(new RegExp(`^  ${kind} `, 'm'));
    // The upstream failures each cite the capture they reproduce, per gateway.
    expect(help).toContain('upstream-rate-limited the upstream answers 429. AI Stats: 502 upstream_error, failed_statuses [429]');
    expect(help).toContain('streamed: 200 with event: error, then [DONE] (C61)');
    expect(help).toContain('upstream-unreachable the upstream refuses the connection.');
    expect(help).toContain('streamed: 200 with an empty body (C66)');
    expect(help).toContain('"stream_error"');
    expect(help).toContain('502 google_empty_response');
    expect(help).toContain('http-429 the gateway\'s own rate limit. AI Stats: 429 key_limit_exceeded');
  });
});

describe('gateways that cannot be used', () => {
  const servers: Array<Server | SimServer> = [];
  let closedPort = 0;
  let htmlURL = '';
  let llmSim = '';
  let aisSim = '';

  beforeAll(async () => {
    const gone = createServer();
    closedPort = await listen(gone);
    await new Promise((r) => gone.close(r));
    const html = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>'));
    htmlURL = `http://127.0.0.1:${await listen(html)}/v1`;
    servers.push(html);
    const sim = SimSchema.parse({});
    const llm = await createSimServer({ profile: 'llmgateway', apiKey: 'the-right-llm-key-1', sim });
    const ais = await createSimServer({ profile: 'aistats', apiKey: 'the-right-ais-key-1', sim });
    servers.push(llm, ais);
    llmSim = llm.url;
    aisSim = ais.url;
  });
  afterAll(async () => {
    for (const s of servers) await ('url' in s ? s.close() : new Promise((r) => s.close(r)));
  });

  it('unreachable: models is one line naming the gateway and URL, exit 2; health shows it and exits 1', async () => {
    const down = `http://127.0.0.1:${closedPort}/v1`;
    const config = projectWith({ down: realTarget(down, down) });
    const m = await runCli(['models', '--config', config, '--target', 'down'], { env: KEYS });
    expect(m.code).toBe(2);
    expect(m.stderr.trim().split('\n')).toHaveLength(1);
    expect(m.stderr).toMatch(/catalog at http:\/\/127\.0\.0\.1:\d+\/v1\/models: unreachable/);
    expect(hasStackTrace(m.stderr)).toBe(false);
    const h = await runCli(['health', '--config', config, '--target', 'down'], { env: KEYS });
    expect(h.code).toBe(1);
    expect(h.stdout).toMatch(/baseline\s+llm-gw\s+health\s+GET \/\s+FAIL unreachable/);
    expect(h.stdout).toContain('unhealthy: baseline, candidate');
    expect(hasStackTrace(h.stdout + h.stderr)).toBe(false);
  });

  it('wrong key: models says the candidate rejected it (exit 2); health fails the chat rows (exit 1); the key is never printed', async () => {
    const config = projectWith({ wrongkey: realTarget(llmSim, aisSim) });
    const m = await runCli(['models', '--config', config, '--target', 'wrongkey'], { env: KEYS });
    expect(m.code).toBe(2);
    expect(m.stderr.trim().split('\n')).toHaveLength(1);
    expect(m.stderr).toMatch(/AI Stats Gateway "ai-stats" catalog at .*: the API key was rejected \(HTTP 401/);
    const h = await runCli(['health', '--config', config, '--target', 'wrongkey', '--json'], { env: KEYS });
    expect(h.code).toBe(1);
    const rows = (JSON.parse(h.stdout) as { rows: Array<{ check: string; ok: boolean; status: string }> }).rows;
    expect(rows.filter((x) => x.check === 'health').every((x) => x.ok)).toBe(true);
    const probes = rows.filter((x) => x.check !== 'health').map((x) => x.status);
    expect(probes).toHaveLength(12); // 5 suite models + 1 streamed, per gateway
    expect(new Set(probes)).toEqual(new Set(['401 auth']));
    for (const text of [m.stdout, m.stderr, h.stdout, h.stderr]) expect(text).not.toContain('wrong-ais-key-0000');
  });

  it('health: an HTML page where JSON belongs is not ok (health route and chat), and a base URL without /v1 gets the hint', async () => {
    const noV1 = aisSim.replace(/\/v1\/?$/, '');
    const config = projectWith({
      odd: {
        baseline: { name: 'website', profile: 'openai-compatible', baseURL: htmlURL, keyEnv: 'TEST_LLM_KEY', timeoutMs: 5000 },
        candidate: { name: 'ai-stats', profile: 'aistats', baseURL: noV1, keyEnv: 'TEST_AIS_KEY', timeoutMs: 5000 },
      },
    });
    const h = await runCli(['health', '--config', config, '--target', 'odd', '--model', 'gpt-4o-mini'], { env: { ...KEYS, TEST_AIS_KEY: 'the-right-ais-key-1' } });
    expect(h.code).toBe(1);
    // The HTML /v1/models page (this profile's health route) answers 200, and is still not a healthy gateway.
    expect(h.stdout).toMatch(/baseline\s+website\s+health\s+GET \/v1\/models\s+FAIL 200 unhealthy/);
    expect(h.stdout).toMatch(/baseline website health GET \/v1\/models: the body is not JSON \(text\/html, \d+ B\)/);
    expect(h.stdout).toMatch(/baseline website chat gpt-4o-mini: 2xx body is not JSON \(text\/html, \d+ B\)/);
    expect(h.stdout).toMatch(/baseline website chat-stream gpt-4o-mini: 2xx body is not JSON \(text\/html, \d+ B\)/);
    // AI Stats' health route lives at the host root's /v1/health, so it is fine; the chat requests 404 and say why.
    expect(h.stdout).toMatch(/candidate\s+ai-stats\s+health\s+GET \/v1\/health\s+ok 200/);
    expect(h.stdout).toContain(`does not end in /v1 (did you mean ${noV1}/v1?)`);
    expect(h.stdout).toMatch(/candidate\s+ai-stats\s+chat\s+openai\/gpt-4o-mini\s+FAIL 404/);
    expect(h.stdout).toContain('unhealthy: baseline, candidate');
    expect(hasStackTrace(h.stdout + h.stderr)).toBe(false);
  });

  it('a catalog that is not JSON: one line naming the gateway, URL and content type, exit 2', async () => {
    const config = projectWith({ html: realTarget(llmSim, htmlURL) });
    const r = await runCli(['models', '--config', config, '--target', 'html'], { env: { ...KEYS, TEST_LLM_KEY: 'the-right-llm-key-1' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/"ai-stats" catalog at http:\/\/127\.0\.0\.1:\d+\/v1\/models: the body is not JSON \(text\/html; starts "<!doctype html>/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
