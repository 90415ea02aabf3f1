/**
 * junit.xml for CI test tabs: a <testsuite> per suite file, a <testcase> per case × check that
 * applies (classname = case id, name = check); failures carry the reason, inconclusive checks are
 * <skipped> with it. A check that does not apply to a case (no assertions, compare: none …) is no
 * testcase: a clean pass shows no skipped tests. Run-level checks form a last suite named "run";
 * an incomplete run adds one <error> testcase there ("completeness"), so no CI tab shows it green.
 */
import type { AnyCheck, RunVerdict } from '../gate/types.ts';
import { checkVerdictLabel, verdictHeadline } from './format.ts';
import type { ReportInput, Reporter } from './types.ts';

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; model output may contain them.
  // eslint-disable-next-line no-control-regex
  const legal = text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '').replace(/[\ud800-\udfff]/g, (ch, i: number, s: string) => {
    const code = ch.charCodeAt(0);
    const next = s.charCodeAt(i + 1);
    const prev = s.charCodeAt(i - 1);
    const paired = code < 0xdc00 ? next >= 0xdc00 && next <= 0xdfff : prev >= 0xd800 && prev < 0xdc00;
    return paired ? ch : '';
  });
  return legal
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Element text (not attributes): newlines stay readable. */
function escapeText(text: string): string {
  return escapeXml(text).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

function metricsText(check: AnyCheck): string {
  return Object.entries(check.metrics)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
}

/** Checks that say something about the run: everything but "does not apply". */
function applicable(checks: readonly AnyCheck[]): AnyCheck[] {
  return checks.filter((check) => check.verdict !== 'skipped');
}

/** The testcase an incomplete run adds: an <error> (the test could not complete), never a pass. */
function completenessCase(v: RunVerdict): string | null {
  if (v.verdict !== 'incomplete') return null;
  const why = v.reasons[0] ?? verdictHeadline(v);
  return `    <testcase classname="run" name="completeness" time="0">\n      <error message="${escapeXml(why)}" type="incomplete">${escapeText(verdictHeadline(v))}</error>\n    </testcase>`;
}

function testcase(classname: string, check: AnyCheck): string {
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(check.check)}" time="0"`;
  switch (check.verdict) {
    case 'pass':
      return `${open}/>`;
    case 'fail':
      return `${open}>\n      <failure message="${escapeXml(check.reason)}" type="${escapeXml(check.check)}">${escapeText(metricsText(check))}</failure>\n    </testcase>`;
    case 'inconclusive':
      return `${open}>\n      <skipped message="${escapeXml(`inconclusive: ${check.reason}`)}"/>\n    </testcase>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeXml(check.reason)}"/>\n    </testcase>`;
    case 'not-measured':
    case 'not-comparable':
      return `${open}>\n      <skipped message="${escapeXml(`${checkVerdictLabel(check.verdict)}: ${check.reason}`)}"/>\n    </testcase>`;
  }
}

/** What a <testsuite> or <testsuites> element states up front about the testcases inside it. */
interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const zero = (): Counts => ({ tests: 0, failures: 0, errors: 0, skipped: 0 });

function count(into: Counts, checks: readonly AnyCheck[]): void {
  for (const check of applicable(checks)) {
    into.tests++;
    if (check.verdict === 'fail') into.failures++;
    else if (check.verdict !== 'pass') into.skipped++;
  }
}

function suiteOpen(name: string, n: Counts, timestamp: string): string {
  return `  <testsuite name="${escapeXml(name)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="0" timestamp="${escapeXml(timestamp)}">\n`;
}

/**
 * Each element states its counts before its testcases, so a first pass over the cases counts
 * them per file and notes which cases belong where (indices only); a second pass reads each
 * file's cases by index. Suites are in order of each file's first case, as cases arrive.
 */
export function* renderJunit(report: ReportInput): Generator<string, void, undefined> {
  const byFile = new Map<string, Counts & { indices: number[] }>();
  const all = zero();
  let index = 0;
  for (const c of report.cases) {
    let file = byFile.get(c.file);
    if (!file) byFile.set(c.file, (file = { ...zero(), indices: [] }));
    file.indices.push(index++);
    count(file, c.checks);
    count(all, c.checks);
  }
  const run = applicable(report.verdict.overall);
  const completeness = completenessCase(report.verdict);
  const runCounts = zero();
  count(runCounts, run);
  if (completeness) {
    runCounts.tests++;
    runCounts.errors++;
  }
  for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) all[k] += runCounts[k];
  const seconds = (report.totals.durationMs / 1000).toFixed(3);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${escapeXml(`cutover ${report.target}`)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds}">\n`;
  for (const [name, file] of byFile) {
    if (file.tests === 0) continue; // no check applies to any case of this file
    yield suiteOpen(name, file, report.startedAt);
    for (const i of file.indices) {
      const c = report.cases.at(i);
      if (!c) throw new Error(`case ${i} of ${report.cases.length} could not be read back`);
      const checks = applicable(c.checks);
      if (checks.length) yield checks.map((check) => `${testcase(c.caseId, check)}\n`).join('');
    }
    yield '  </testsuite>\n';
  }
  if (runCounts.tests) {
    yield suiteOpen('run', runCounts, report.startedAt);
    if (completeness) yield `${completeness}\n`;
    for (const check of run) yield `${testcase('run', check)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

export const junitReporter: Reporter = {
  name: 'junit',
  file: 'junit.xml',
  render: (report) => renderJunit(report),
};
