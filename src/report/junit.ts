/**
 * junit.xml for CI test tabs: a <testsuite> per suite file, a <testcase> per case × check
 * (classname = case id, name = check); failures carry the reason, inconclusive and skipped
 * checks are <skipped>. Run-level checks form a last suite named "run".
 */
import type { CheckResult } from '../gate/types.ts';
import type { Reporter, RunReport } from './types.ts';

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

interface JunitCase {
  classname: string;
  check: CheckResult;
}

function metricsText(check: CheckResult): string {
  return Object.entries(check.metrics)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
}

function testcase({ classname, check }: JunitCase): string {
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
  }
}

function suite(name: string, cases: JunitCase[], timestamp: string): string {
  const failures = cases.filter((c) => c.check.verdict === 'fail').length;
  const skipped = cases.filter((c) => c.check.verdict === 'inconclusive' || c.check.verdict === 'skipped').length;
  return [
    `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${escapeXml(timestamp)}">`,
    ...cases.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

export function renderJunit(report: RunReport): string {
  const byFile = new Map<string, JunitCase[]>();
  for (const c of report.cases) {
    const list = byFile.get(c.file) ?? [];
    for (const check of c.checks) list.push({ classname: c.caseId, check });
    byFile.set(c.file, list);
  }
  const run = report.verdict.overall.map((check) => ({ classname: 'run', check }));
  const suites = [...byFile.entries()].map(([file, cases]) => ({ name: file, cases }));
  if (run.length) suites.push({ name: 'run', cases: run });
  const all = suites.flatMap((s) => s.cases);
  const failures = all.filter((c) => c.check.verdict === 'fail').length;
  const skipped = all.filter((c) => c.check.verdict !== 'pass' && c.check.verdict !== 'fail').length;
  const seconds = (report.totals.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`cutover ${report.target}`)}" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}">`,
    ...suites.map((s) => suite(s.name, s.cases, report.startedAt)),
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitReporter: Reporter = {
  name: 'junit',
  file: 'junit.xml',
  render: (report) => renderJunit(report),
};
