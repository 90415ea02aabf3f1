/**
 * The head every cutover page shares (report.html, migration.html, dashboard.html): one
 * Content-Security-Policy that forbids every network source, so a page works from file:// and
 * cannot leak anything even if a model output slipped past escaping; no referrer; no icon request.
 */
import { escapeHtml as e } from './html-escape.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** From `<!doctype html>` to the opening `<main>` (and its line break): `title` escaped, `css` inline as given. */
export function pageHead(title: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${e(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
`;
}
