/** What a base URL tells about a failure: both gateways (and OpenAI-compatible servers) serve under /v1. */

/** For a 404: the hint that the base URL lacks its `/v1`, or null when it has one. */
export function missingV1Hint(baseURL: string): string | null {
  let u: URL;
  try {
    u = new URL(baseURL);
  } catch {
    return null;
  }
  const path = u.pathname.replace(/\/+$/, '');
  if (/\/v1$/.test(path)) return null;
  return `the base URL ${u.origin}${path} does not end in /v1 (did you mean ${u.origin}${path}/v1?)`;
}

/** "text/html, 1.2 KB": what a body that should have been JSON was instead. */
export function describeBody(contentType: string | null, text: string): string {
  const type = contentType?.split(';')[0]?.trim() || 'no content-type';
  const bytes = Buffer.byteLength(text, 'utf8');
  const size = bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${type}, ${size}`;
}
