/**
 * An API key that cannot leak by accident: it prints, serialises and inspects as a mask.
 * Only `reveal()` gives the value, and only the gateway client calls it.
 */
import { inspect } from 'node:util';

const MASK = '[redacted]';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [inspect.custom](): string {
    return MASK;
  }
}

/**
 * Replaces every occurrence of any secret (and any `Bearer <token>` / `sk-…`-like credential
 * inside a URL or header) with a mask. Applied to every text that leaves the process.
 */
export function redact(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const s of secrets) {
    const v = s.reveal();
    if (v.length >= 4) out = out.split(v).join(MASK);
  }
  // The patterns never consume a quote or a backslash, so redacting JSON text keeps it valid JSON.
  return out.replace(AUTHORIZATION, `$1${MASK}`).replace(URL_CREDENTIALS, `$1${MASK}@`);
}

const AUTHORIZATION = /(authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"'\\,}]+/gi;
const URL_CREDENTIALS = /(\/\/[^/\s:@"\\]+:)[^@/\s"\\]+@/g;
const URL_CREDENTIALS_ANYWHERE = /\/\/[^/\s:@"\\]+:[^@/\s"\\]+@/;

/**
 * False when `text` surely holds nothing redact() would change, in it or in any string JSON-encoded
 * in it: no secret (raw or JSON-escaped), not the word "authorization", no credentials in a URL.
 * A cheap test that lets the usual text skip the copying redaction.
 */
export function mayNeedRedaction(text: string, secrets: readonly Secret[]): boolean {
  for (const s of secrets) {
    const v = s.reveal();
    if (v.length >= 4 && (text.includes(v) || text.includes(JSON.stringify(v).slice(1, -1)))) return true;
  }
  return /authorization/i.test(text) || URL_CREDENTIALS_ANYWHERE.test(text);
}

/** JSON of a value with every string in it redacted (keys and layout untouched): always valid JSON. */
export function redactedJson(value: unknown, secrets: readonly Secret[]): string {
  return redactJson(value, secrets).json;
}

/**
 * redactedJson, and whether redaction had to look at every string (`redacted`); when false the
 * JSON is the value's own, so the value itself holds nothing to mask.
 */
export function redactJson(value: unknown, secrets: readonly Secret[]): { json: string; redacted: boolean } {
  // Most values hold nothing to redact: one native stringify then, not a replacer call per value.
  const plain = JSON.stringify(value);
  if (!mayNeedRedaction(plain, secrets)) return { json: plain, redacted: false };
  return { json: JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redact(v, secrets) : v)), redacted: true };
}
