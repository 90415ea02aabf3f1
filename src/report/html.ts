/**
 * report.html: one self-contained page (inline CSS, inline SVG, a few lines of inline JS).
 * Its head (html-page.ts) carries the Content-Security-Policy that forbids every network source.
 */
import type { Reporter, ReporterContext, ReportInput } from './types.ts';
import { caseContractRows, type ContractRow } from './contract.ts';
import { caseSimilarity, verdictHeadline } from './format.ts';
import { CSS, SCRIPT } from './html-assets.ts';
import { distributionSection } from './html-distribution.ts';
import { casesSection, contractSection, definitionsSection, diffsSection, findingsSection, footer } from './html-details.ts';
import { pageHead } from './html-page.ts';
import { gatewaysSection, heroSection, latencySection, metaLine, statsSection } from './html-summary.ts';

/** What the page states before the per-case sections, gathered in one pass: small numbers and the few contract rows. */
interface CaseOverview {
  similarities: number[];
  changed: number;
  contract: ContractRow[];
}

function overview(report: ReportInput): CaseOverview {
  const o: CaseOverview = { similarities: [], changed: 0, contract: [] };
  for (const c of report.cases) {
    const sim = caseSimilarity(c);
    if (sim !== null) o.similarities.push(sim);
    if (c.diff) o.changed++;
    o.contract.push(...caseContractRows(c));
  }
  return o;
}

/** The page in chunks: the cases table, diffs and findings one case at a time. */
export function* renderHtml(report: ReportInput, ctx: ReporterContext): Generator<string, void, undefined> {
  const cases = overview(report);
  const title = `cutover ${verdictHeadline(report.verdict)} · ${report.target} · ${report.runId}`;
  yield `${pageHead(title, CSS)}${metaLine(report)}
${heroSection(report)}
${statsSection(report)}
${gatewaysSection(report)}
${latencySection(report, cases.similarities)}
`;
  yield* casesSection(report);
  yield '\n';
  yield* diffsSection(report, cases.changed);
  yield '\n';
  yield* distributionSection(report);
  yield '\n';
  yield* contractSection(cases.contract);
  yield '\n';
  yield `
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
