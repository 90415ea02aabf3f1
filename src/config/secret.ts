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
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"'\\,}]+/gi, `$1${MASK}`)
    .replace(/(\/\/[^/\s:@"\\]+:)[^@/\s"\\]+@/g, `$1${MASK}@`);
}

/** JSON of a value with every string in it redacted (keys and layout untouched): always valid JSON. */
export function redactedJson(value: unknown, secrets: readonly Secret[]): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redact(v, secrets) : v));
}
