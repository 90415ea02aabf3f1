/**
 * report.html: one self-contained page (inline CSS, inline SVG, a few lines of inline JS).
 * The Content-Security-Policy forbids every network source, so the file works from file://
 * and cannot leak anything even if a model output slipped past escaping.
 */
import type { Reporter, ReporterContext, RunReport } from './types.ts';
import { CSS, SCRIPT } from './html-assets.ts';
import { casesSection, contractSection, definitionsSection, diffsSection, findingsSection, footer } from './html-details.ts';
import { escapeHtml as e } from './html-escape.ts';
import { gatewaysSection, heroSection, latencySection, metaLine, statsSection } from './html-summary.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderHtml(report: RunReport, ctx: ReporterContext): string {
  const title = `cutover ${report.verdict.verdict.toUpperCase()} · ${report.target} · ${report.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${metaLine(report)}
${heroSection(report)}
${statsSection(report)}
${gatewaysSection(report)}
${latencySection(report)}
${casesSection(report)}
${diffsSection(report)}
${contractSection(report)}
${findingsSection(report)}
${definitionsSection(report)}
${footer(report, ctx)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const htmlReporter: Reporter = {
  name: 'html',
  file: 'report.html',
  render: renderHtml,
};
