/**
 * Source lines can hold API keys (`.env`, a hard-coded `apiKey: "…"`). Inventory snippets
 * mask them, and migrate refuses to print a diff that would show one.
 */

const MASK = '[redacted]';
/** `NAME=value` / `name: "value"` / `name = 'value'` where the name says it is a credential. */
const ASSIGNED = /\b([\w$-]*(?:key|token|secret|password|passwd)[\w$-]*["']?\s*[:=]\s*)(["'`]?)([^\s"'`,;)}]+)\2/gi;
/** Known key formats, wherever they appear. */
const KEY_FORMAT = /\b(?:sk-[A-Za-z0-9_-]{12,}|(?:phaseo|aistats)_v1_[sm]k_[A-Za-z0-9_]{6,}|llmgw[_-][A-Za-z0-9_-]{8,})\b/g;

/** Values that are obviously not a real key. */
function isPlaceholder(value: string): boolean {
  return (
    value.length < 8 ||
    /^(?:process\.env|os\.environ|os\.getenv|env\.|\$\{?|<|\[)/.test(value) ||
    /your|replace|change.?me|example|placeholder|xxx|\.\.\.|dummy|test/i.test(value)
  );
}

/** An unquoted value is a credential only if it looks like one (`apiKey: config.key` is code, not a key). */
function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_\-+/=]+$/.test(value) && /\d/.test(value) && /[a-z]/i.test(value);
}

export function maskSecrets(line: string): string {
  return line
    .replace(ASSIGNED, (all, head: string, quote: string, value: string) =>
      isPlaceholder(value) || (quote === '' && !looksLikeToken(value)) ? all : `${head}${quote}${MASK}${quote}`,
    )
    .replace(KEY_FORMAT, MASK);
}

/** Whether a line holds something that looks like a real credential. */
export function holdsSecret(line: string): boolean {
  return maskSecrets(line) !== line;
}
