import { describe, expect, it } from 'vitest';
import { redact, redactedJson, Secret } from './secret.ts';

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
