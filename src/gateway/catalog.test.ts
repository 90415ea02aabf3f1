import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.ts';
import { GatewayError } from '../errors.ts';
import { fetchCatalog, type CatalogGateway } from './catalog.ts';

const gw = (profile: CatalogGateway['profile']): CatalogGateway => ({
  name: 'gw',
  profile,
  baseURL: 'http://127.0.0.1:9/v1',
  apiKey: new Secret('sk-test-secret-123'),
  timeoutMs: 1000,
});

type Seen = { url: URL; auth: string | null };
function fakeFetch(answer: (url: URL) => Response, seen: Seen[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    seen.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return answer(url);
  }) as typeof fetch;
}

const meter = (price: string) => ({ unit: 'token', unit_size: 1000000, price_per_unit: price, currency: 'USD' });
const aisModel = (i: number) => ({
  id: `openai/m-${i}`,
  pricing: { meters: { input_text_tokens: meter('0.15'), output_text_tokens: meter('0.6'), input_image: null } },
});

describe('fetchCatalog', () => {
  it('AI Stats: follows limit/offset over every page, sends the key, reads meters exactly', async () => {
    const all = Array.from({ length: 300 }, (_, i) => aisModel(i));
    const seen: Seen[] = [];
    const cat = await fetchCatalog(gw('aistats'), {
      fetch: fakeFetch((url) => {
        const limit = Number(url.searchParams.get('limit'));
        const offset = Number(url.searchParams.get('offset'));
        return Response.json({ ok: true, limit, offset, total: all.length, models: all.slice(offset, offset + limit) });
      }, seen),
    });
    expect(cat.models).toHaveLength(300);
    expect(cat.pages).toBe(2);
    expect(seen.map((s) => `${s.url.pathname}?${s.url.searchParams.toString()}`)).toEqual(['/v1/models?limit=250&offset=0', '/v1/models?limit=250&offset=250']);
    expect(seen.every((s) => s.auth === 'Bearer sk-test-secret-123')).toBe(true);
    expect(cat.models[0]?.price).toMatchObject({ inputFemto: 150_000_000n, outputFemto: 600_000_000n });
  });

  it('LLM Gateway: the `data` shape, bare ids made canonical, exponent price strings read exactly', async () => {
    const zero = { prompt: '0', completion: '0', input_cache_read: '0' };
    const body = { data: [{ id: 'gpt-4.1-mini', pricing: { prompt: '4.0000000000000003e-7', completion: '0.0000016', input_cache_read: '0' } }, { id: 'custom' }, { id: 'auto', pricing: zero }] };
    const cat = await fetchCatalog(gw('llmgateway'), { fetch: fakeFetch(() => Response.json(body)) });
    expect(cat.models.map((m) => m.canonical)).toEqual(['openai/gpt-4.1-mini', 'custom', 'auto']);
    expect(cat.models[0]?.price).toMatchObject({ inputFemto: 400_000_000n, outputFemto: 1_600_000_000n, cachedFemto: null });
    expect(cat.models[1]?.price).toBeNull();
    // "0" / "0" is how LLM Gateway lists a pseudo-model (auto routes to gpt-4o-mini): no price, not $0.
    expect(cat.models[2]?.price).toBeNull();
  });

  it('a body that is not JSON is a GatewayError naming the gateway and URL, without the key', async () => {
    const run = fetchCatalog(gw('aistats'), { fetch: fakeFetch(() => new Response('<html>sk-test-secret-123</html>', { headers: { 'content-type': 'text/html' } })) });
    await expect(run).rejects.toBeInstanceOf(GatewayError);
    await expect(run).rejects.toThrow(/AI Stats Gateway "gw" catalog at http:\/\/127\.0\.0\.1:9\/v1\/models: the body is not JSON \(text\/html/);
    await expect(run).rejects.not.toThrow(/sk-test-secret-123/);
  });

  it('a rejected key and a JSON body without a list are each one clear error', async () => {
    const unauthorised = Response.json({ error: 'unauthorised', reason: 'key_not_found_or_revoked', status_code: 401 }, { status: 401 });
    await expect(fetchCatalog(gw('aistats'), { fetch: fakeFetch(() => unauthorised) })).rejects.toThrow(/the API key was rejected \(HTTP 401/);
    await expect(fetchCatalog(gw('aistats'), { fetch: fakeFetch(() => Response.json({ ok: true })) })).rejects.toThrow(/neither a "data" nor a "models" list/);
  });

  it('a 404 from a base URL without /v1 says so', async () => {
    const notFound = () => new Response('404 Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
    await expect(fetchCatalog({ ...gw('llmgateway'), baseURL: 'http://127.0.0.1:9' }, { fetch: fakeFetch(notFound) })).rejects.toThrow(
      /HTTP 404 \(404 Not Found\); the base URL http:\/\/127\.0\.0\.1:9 does not end in \/v1 \(did you mean http:\/\/127\.0\.0\.1:9\/v1\?\)/,
    );
  });

  it('an unreachable gateway is a GatewayError, not a stack trace', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch;
    await expect(fetchCatalog(gw('llmgateway'), { fetch: refused })).rejects.toThrow(/catalog at http:\/\/127\.0\.0\.1:9\/v1\/models: unreachable/);
  });
});
