/**
 * report.json: the RunReport itself, pretty-printed, keys in the order they were built. The
 * cases are streamed: each is stringified on its own and spliced into the report's text where
 * `cases` sits, so a big run's results are never one string (or one array) in memory.
 */
import { randomUUID } from 'node:crypto';
import type { ReportInput, Reporter } from './types.ts';

/** JSON.stringify's own rule for a numeric `space`: at most 10 spaces, none below 1. */
function gapFor(indent: number): string {
  return ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent))));
}

/**
 * Yields exactly `JSON.stringify(report, null, indent)` for the report with its cases as an
 * array, in chunks of one case each. indent 0 is the compact form (for `--json` on stdout).
 */
export function* serializeReport(report: ReportInput, indent: number): Generator<string, void, undefined> {
  const gap = gapFor(indent);
  // The rest of the report is small; stringify it with a placeholder where the cases go, keeping
  // every key in its own position, then cut it at the placeholder. The placeholder is random and
  // checked to occur once, so no text in the report (a model output, say) can be mistaken for it.
  let placeholder = '';
  let text = '';
  let at = -1;
  for (;;) {
    placeholder = `cutover-cases-${randomUUID()}`;
    text = JSON.stringify({ ...report, cases: placeholder }, null, gap);
    const quoted = JSON.stringify(placeholder);
    at = text.indexOf(quoted);
    if (at >= 0 && text.indexOf(quoted, at + 1) < 0) break;
  }
  yield text.slice(0, at);
  // `cases` is a top-level key: the array sits at depth 1, its items at depth 2.
  const itemIndent = `\n${gap}${gap}`;
  let first = true;
  for (const c of report.cases) {
    const item = JSON.stringify(c, null, gap);
    // JSON strings never hold a raw newline, so every newline here is layout to re-indent.
    const body = gap ? item.replaceAll('\n', itemIndent) : item;
    yield `${first ? '[' : ','}${gap ? itemIndent : ''}${body}`;
    first = false;
  }
  yield first ? '[]' : `${gap ? `\n${gap}` : ''}]`;
  yield text.slice(at + JSON.stringify(placeholder).length);
}

export const jsonReporter: Reporter = {
  name: 'json',
  file: 'report.json',
  *render(report) {
    yield* serializeReport(report, 2);
    yield '\n';
  },
};
