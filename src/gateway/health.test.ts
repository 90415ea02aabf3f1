import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import { checkHealthRoute, hostRoot, type HealthGateway } from './health.ts';

const gw = (profile: HealthGateway['profile']): HealthGateway => ({
  role: 'baseline',
  name: 'gw',
  profile,
  baseURL: 'http://127.0.0.1:9/v1',
  apiKey: new Secret('sk-never-sent-1234'),
  timeoutMs: 1000,
});

function answering(body: unknown, seen: string[], status = 200): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    seen.push(String(input));
    expect(new Headers(init?.headers).get('authorization')).toBeNull();
    return Response.json(body, { status });
  }) as typeof fetch;
}

describe('checkHealthRoute', () => {
  it('LLM Gateway: GET / at the host root, judged by health.status (a 200 can still be unhealthy)', async () => {
    const seen: string[] = [];
    const ok = await checkHealthRoute(gw('llmgateway'), answering({ message: 'OK', health: { status: 'ok' } }, seen));
    expect(ok).toMatchObject({ ok: true, target: 'GET /', status: '200' });
    const bad = await checkHealthRoute(gw('llmgateway'), answering({ message: 'OK', health: { status: 'error' } }, seen));
    expect(bad).toMatchObject({ ok: false, status: '200 unhealthy', detail: 'reports status "error"' });
    expect(seen).toEqual(['http://127.0.0.1:9/', 'http://127.0.0.1:9/']);
  });

  it('AI Stats: GET /v1/health, judged by status; an HTTP error is unhealthy', async () => {
    const seen: string[] = [];
    expect(await checkHealthRoute(gw('aistats'), answering({ status: 'ok' }, seen))).toMatchObject({ ok: true, target: 'GET /v1/health' });
    expect(await checkHealthRoute(gw('aistats'), answering({}, seen, 503))).toMatchObject({ ok: false, status: '503' });
    expect(seen[0]).toBe('http://127.0.0.1:9/v1/health');
  });

  it('OpenAI-compatible: an HTML page at /v1/models is not healthy, whatever its status', async () => {
    const html = (async () => new Response('<!doctype html><html><body>Sign in</body></html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch;
    expect(await checkHealthRoute(gw('openai-compatible'), html)).toMatchObject({ ok: false, status: '200 unhealthy', detail: 'the body is not JSON (text/html, 48 B)' });
    expect(await checkHealthRoute(gw('openai-compatible'), answering({ object: 'list', data: [] }, []))).toMatchObject({ ok: true });
  });

  it('hostRoot drops only a trailing /v1', () => {
    expect(hostRoot('https://api.llmgateway.io/v1')).toBe('https://api.llmgateway.io');
    expect(hostRoot('http://proxy.local/llm/v1/')).toBe('http://proxy.local/llm');
  });
});
