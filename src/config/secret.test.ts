import { describe, expect, it } from 'vitest';
import { mayNeedRedaction, redact, redactedJson, Secret } from './secret.ts';

const tricky = {
  text: 'curl -H "Authorization: Bearer $OPENAI_API_KEY" https://api.example.com',
  url: 'see http://localhost:8080',
  other: 'me@x.org',
  creds: 'https://user:hunter2@example.com/v1',
  key: 'sent sk-live-abcdef123456 by mistake',
};
const secrets = [new Secret('sk-live-abcdef123456')];

describe('redact', () => {
  it('keeps JSON text valid JSON with every field, and masks what it should', () => {
    const back = JSON.parse(redact(JSON.stringify(tricky), secrets)) as typeof tricky;
    expect(Object.keys(back)).toEqual(Object.keys(tricky));
    expect(back.url).toBe(tricky.url);
    expect(back.other).toBe(tricky.other);
    expect(back.text).not.toContain('$OPENAI_API_KEY');
    expect(back.creds).not.toContain('hunter2');
    expect(back.key).not.toContain('sk-live-abcdef123456');
  });

  it('redactedJson masks string values only', () => {
    const back = JSON.parse(redactedJson(tricky, secrets)) as typeof tricky;
    expect(back).toEqual(JSON.parse(redact(JSON.stringify(tricky), secrets)));
  });
});

describe('the fast path of redaction', () => {
  const slow = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? redact(v, secrets) : v));

  it('gives exactly what redacting every string gives, for values with and without anything to mask', () => {
    const clean = { text: 'a plain answer about invoices', n: [1, 2, { deep: 'also "quoted" \\ fine' }] };
    for (const [k, v] of Object.entries(tricky)) expect(redactedJson({ [k]: v, ...clean }, secrets)).toBe(slow({ [k]: v, ...clean }));
    expect(redactedJson(clean, secrets)).toBe(JSON.stringify(clean));
  });

  it('flags every text a secret or a credential pattern could hide in, JSON-escaped or not', () => {
    expect(mayNeedRedaction(JSON.stringify({ a: 'nothing here' }), secrets)).toBe(false);
    for (const v of Object.values(tricky).filter((x) => x !== tricky.url && x !== tricky.other)) {
      expect(mayNeedRedaction(v, secrets)).toBe(true);
      expect(mayNeedRedaction(JSON.stringify({ v }), secrets)).toBe(true);
    }
    const quoted = [new Secret('key"with\\quote')];
    expect(mayNeedRedaction(JSON.stringify({ v: 'x key"with\\quote y' }), quoted)).toBe(true);
    expect(redactedJson({ v: 'x key"with\\quote y' }, quoted)).not.toContain('with');
  });
});
