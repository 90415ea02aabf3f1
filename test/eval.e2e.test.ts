/**
 * The main job end to end, as a new user runs it: the real CLI as a subprocess against the
 * built-in simulated gateways (child process, loopback ports chosen by the OS).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { hasStackTrace, runCli, scratchProject, ROOT } from './helpers/cli.ts';
import { inspectReportHtml, reportPageProblems } from './helpers/html-check.ts';

interface ReportJson {
  partial: boolean;
  verdict: { verdict: string; failing: Array<{ caseId: string; checks: string[] }> };
  cases: Array<{ caseId: string; verdict: string; status: string; compare: string; contract?: { differs: boolean; baseline: Array<{ status: number | null }>; candidate: Array<{ status: number | null }> } }>;
  totals: { requests: number };
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;

describe('cutover eval (local)', () => {
  it('passes on an unchanged simulator, prints the verdict and writes the reports under reports/', async () => {
    const p = scratchProject({ copyBaseline: true });
    // In the project folder, as a user runs it: the config is found there, the reports land there.
    const r = await runCli(['eval'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/i);
    const runs = readdirSync(join(p.dir, 'reports'));
    expect(runs).toHaveLength(1);
    // The verdict names the report folder as the user would type it, relative to where they are.
    expect(r.stdout).toContain(`Reports: reports/${runs[0]}/report.html`);
    const out = join(p.dir, 'reports', runs[0] ?? '');
    // Exactly the reports and the raw samples: the scratch log the reports were streamed from is gone.
    expect(readdirSync(out).sort()).toEqual(['catalogs', 'junit.xml', 'report.html', 'report.json', 'results.csv', 'samples.jsonl', 'summary.md']);
    const report = readReport(out);
    expect(report.partial).toBe(false);
    expect(report.verdict.verdict).toBe('pass');
    expect(report.cases.filter((c) => c.status === 'compared').length).toBeGreaterThanOrEqual(20);
    // The known contract difference is visible: both-bad → LLM Gateway 400, AI Stats 401.
    const both = report.cases.find((c) => c.caseId === 'contract-invalid-key-and-model');
    expect(both?.contract?.differs).toBe(true);
    expect(both?.contract?.baseline.map((s) => s.status)).toEqual([400, 400]);
    expect(both?.contract?.candidate.map((s) => s.status)).toEqual([401, 401]);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/contract-invalid-key-and-model/);
    expect(summary).toMatch(/400/);
    expect(summary).toMatch(/401/);

    // Every compared case with outputs to compare has a similarity, in the CSV and in the HTML.
    const compared = report.cases.filter((c) => c.status === 'compared' && c.contract === undefined && c.compare !== 'none').map((c) => c.caseId);
    expect(compared.length).toBeGreaterThanOrEqual(15);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    const header = (csv[0] ?? '').split(',');
    const simCol = header.indexOf('similarity');
    const csvSimilarity = new Map(csv.slice(1).map((l) => l.split(',')).filter((cells) => cells[2] === 'candidate').map((cells) => [cells[0], cells[simCol]]));
    for (const id of compared) expect(csvSimilarity.get(id), `results.csv similarity of ${id}`).toMatch(/^(0(\.\d+)?|1)$/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const id of compared) {
      const row = new RegExp(`<tr id="case-${id}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
      const cells = [...row.matchAll(/<td class="num" data-sort="([^"]*)">([^<]*)<\/td>/g)];
      expect(cells[0]?.[1], `report.html similarity of ${id}`).toMatch(/^(0(\.\d+)?|1)$/);
    }
    // The similarity histogram spans 0 to 1, whatever the values; the footer lists every file, samples.jsonl too.
    const plot = /<svg[^>]*data-plot="similarity"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(plot).not.toBe('');
    expect(plot).not.toMatch(/>-0\.5</);
    expect(plot).toMatch(/>0</);
    expect(plot).toMatch(/>1</);
    expect(/<footer>[\s\S]*?<\/footer>/.exec(html)?.[0]).toMatch(/Files: samples\.jsonl, report\.json, results\.csv, summary\.md, junit\.xml, report\.html/);
    // Findings are listed once (contract differences used to show twice).
    const findings = /<h2 id="findings">Findings<\/h2>[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    const contractItems = [...findings.matchAll(/<li>([^<]*contract differs[^<]*)<\/li>/g)].map((m) => m[1]);
    expect(contractItems.length).toBeGreaterThan(0);
    expect(new Set(contractItems).size).toBe(contractItems.length);
    expect(findings.match(/contract differs/g)).toHaveLength(contractItems.length);
    // summary.md says why its cost figures and the cost check's differ.
    expect(summary).toMatch(/^Cost: the table sums every request of the run, each side at its own source; the cost check compares one pass of the suite/m);
    // junit.xml has a testcase only for checks that apply to a case: none is skipped on a clean pass.
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).not.toContain('<skipped');
  });

  it('writes to --out', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = join(mkdtempSync(join(tmpdir(), 'cutover-out-')), 'x');
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--repeat', '3', '--quiet']);
    // This test is about where the reports go, not the verdict: at 3 repeats under machine load a
    // latency check can fail (exit 1); either way every report is written.
    expect([0, 1], r.stderr).toContain(r.code);
    expect(r.stdout).toBe('');
    for (const f of ['report.json', 'results.csv', 'summary.md']) expect(existsSync(join(out, f)), f).toBe(true);
    // The suite lives outside the folder cutover ran in: cases still name their file from the suite folder.
    const files = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { cases: Array<{ file: string }> }).cases.map((c) => c.file);
    expect(new Set(files)).toEqual(new Set(['prompts/contracts.yaml', 'prompts/engineering.yaml', 'prompts/support.yaml']));
    // …and so does report.html's case column (an absolute path there clipped the table).
    const shown = [...readFileSync(join(out, 'report.html'), 'utf8').matchAll(/<div class="muted mono file">([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(shown).toHaveLength(files.length);
    expect(new Set(shown)).toEqual(new Set(files));
  });

  it('fails local-drift with exit 1 and names the drifted cases and the failing checks', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = mkdtempSync(join(tmpdir(), 'cutover-drift-'));
    const r = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--out', out]);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = readReport(out);
    expect(report.verdict.verdict).toBe('fail');
    const failing = new Map(report.verdict.failing.map((f) => [f.caseId, f.checks]));
    const similarityFails = [...failing].filter(([, checks]) => checks.includes('similarity')).map(([id]) => id);
    expect(similarityFails.length).toBeGreaterThan(0);
    expect(failing.get('contract-invalid-model')).toContain('contract');
    expect([...failing.values()].some((checks) => checks.includes('latency'))).toBe(true);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const id of similarityFails) expect(summary).toContain(id);
    expect(summary).toMatch(/similarity/);
    expect(summary).toMatch(/latency/);
    expect(summary).toMatch(/contract-invalid-model/);
    expect(r.stdout).toMatch(/FAIL/i);

    // junit.xml: one testcase per case × check that applies, failures naming the drifted cases.
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(out, 'junit.xml'), 'utf8')) as {
      testsuites: { testsuite: Array<{ testcase: Array<{ classname: string; name: string; failure?: { message: string } }> }> };
    };
    const testcases = junit.testsuites.testsuite.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
    const perCase = report.cases.reduce((n, c) => n + (c as unknown as { checks: Array<{ verdict: string }> }).checks.filter((x) => x.verdict !== 'skipped').length, 0);
    expect(testcases.filter((t) => t.classname !== 'run')).toHaveLength(perCase);
    const failed = testcases.filter((t) => t.failure !== undefined);
    for (const id of similarityFails) expect(failed.some((t) => t.classname === id && t.name === 'similarity')).toBe(true);

    // report.html in headless Chromium: verdict, both latency plots, the diffs of the drifted cases.
    const check = await inspectReportHtml(join(out, 'report.html'), { screenshotPath: join(ROOT, 'test-output', 'report-local-drift.png') });
    expect(reportPageProblems(check, { verdict: 'fail', diffs: true })).toEqual([]);
    expect(check.diffsRendered).toBeGreaterThanOrEqual(similarityFails.length);
  });

  it('a fresh baseline of an unchanged simulator passes', async () => {
    const p = scratchProject();
    const b = await runCli(['baseline', '--config', p.config, '--target', 'local']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/baseline recorded: .*baseline\/local\.json/);
    const stored = readFileSync(join(p.dir, 'baseline', 'local.json'), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ format: 'cutover-baseline', target: 'local', gateway: { profile: 'llmgateway' } });
    expect(b.stderr).not.toMatch(/warning/);
    const e = await runCli(['eval', '--config', p.config, '--quiet']);
    expect(e.code, e.stderr).toBe(0);
    // Recording again says, before sending, that the file will be replaced.
    const again = await runCli(['baseline', '--config', p.config, '--target', 'local', '--repeat', '1']);
    expect(again.code, again.stderr).toBe(0);
    const recordedAt = (JSON.parse(stored) as { recordedAt: string }).recordedAt;
    expect(again.stderr).toMatch(new RegExp(`^cutover baseline: warning: .*baseline/local\\.json exists \\(recorded ${recordedAt.replace(/\./g, '\\.')} from llm-gateway-sim\\); it is replaced if this run succeeds — review the diff before you commit it$`, 'm'));
    expect(again.stderr.indexOf('warning')).toBeLessThan(again.stderr.indexOf('progress'));
  });

  it('reports a changed prompt as stale and an added one as new instead of comparing them', async () => {
    const p = scratchProject({ copyBaseline: true });
    const file = join(p.dir, 'prompts', 'support.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('Translate into Spanish: Your replacement card', 'Translate into Spanish: Your new replacement card')
      .concat('\n  - id: brand-new-case\n    prompt: Say hello to the new support lead.\n    stream: false\n');
    writeFileSync(file, text);
    const out = mkdtempSync(join(tmpdir(), 'cutover-stale-'));
    const r = await runCli(['eval', '--config', p.config, '--out', out], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    // Said where people look: on the terminal and in summary.md, not only in the json/html/csv.
    expect(r.stdout).toMatch(/^ {2}~ stale in the baseline \(prompt changed since it was recorded; compared with the live baseline only\): translate-es — re-record with `npm run baseline -- --target local`$/m);
    expect(r.stdout).toMatch(/^ {2}~ new since the baseline was recorded \(compared with the live baseline only\): brand-new-case$/m);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^> ⚠️ Not compared with the stored baseline: stale in the baseline .*`translate-es`/m);
    expect(summary).toMatch(/^> ⚠️ Not compared with the stored baseline: new since the baseline was recorded .*`brand-new-case`/m);
    const report = readReport(out) as ReportJson & { findings: string[] };
    expect(report.cases.find((c) => c.caseId === 'translate-es')?.status).toBe('stale');
    expect(report.cases.find((c) => c.caseId === 'brand-new-case')?.status).toBe('new');
    expect(report.cases.find((c) => c.caseId === 'translate-de-formal')?.status).toBe('compared');
    expect(report.findings.some((f) => /stale in the baseline .*translate-es/.test(f))).toBe(true);
    expect(report.findings.some((f) => /new since the baseline was recorded: brand-new-case/.test(f))).toBe(true);
  });

  it('request-feature parity: an old LLM Gateway that drops tools and rejects array content shows up as findings', async () => {
    const p = scratchProject({ copyBaseline: true });
    // The June 2025 snapshot behaviour on the baseline side.
    writeFileSync(p.config, readFileSync(p.config, 'utf8').replace('sim: { seed: 11, latency', 'sim: { seed: 11, legacy: true, latency'));
    const out = mkdtempSync(join(tmpdir(), 'cutover-legacy-'));
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--quiet', '--repeat', '2'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      cases: Array<{ caseId: string; checks: Array<{ check: string; verdict: string; reason: string }>; baseline: { errors: number; errorKinds: Record<string, number> } }>;
    };
    const tools = report.cases.find((c) => c.caseId === 'tool-call-weather');
    const features = tools?.checks.find((c) => c.check === 'features');
    expect(features?.verdict).toBe('fail');
    expect(features?.reason).toMatch(/tools-ignored on llm-gateway-sim/);
    const multimodal = report.cases.find((c) => c.caseId === 'multimodal-content-parts');
    expect(multimodal?.baseline.errorKinds['invalid-request']).toBe(multimodal?.baseline.errors);
    expect(multimodal?.baseline.errors).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  it('any OpenAI-compatible server can be a target; with no price known, cost is reported unknown, never 0', async () => {
    const p = scratchProject();
    const sim = '{ seed: 5, latency: { baseMs: 5, perTokenMs: 0, jitter: 0 } }';
    writeFileSync(
      p.config,
      `version: 1\ntargets:\n  plain:\n    baseline: { name: vendor-a, profile: openai-compatible, sim: ${sim} }\n    candidate: { name: vendor-b, profile: openai-compatible, sim: ${sim} }\n`,
    );
    const out = mkdtempSync(join(tmpdir(), 'cutover-plain-'));
    const r = await runCli(['eval', '--config', p.config, '--target', 'plain', '--out', out, '--quiet', '--repeat', '2'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      totals: { baseline: { costNanos: number | null; costSource: string; ok: number }; candidate: { costNanos: number | null; costSource: string } };
    };
    expect(report.totals.baseline.ok).toBeGreaterThan(0);
    expect(report.totals.baseline.costNanos).toBeNull();
    expect(report.totals.baseline.costSource).toBe('unknown');
    expect(report.totals.candidate.costNanos).toBeNull();
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/\| total cost \(cost source\) \| unknown \| unknown \|/);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).not.toMatch(/,0\.000000000,/);
  });
});
