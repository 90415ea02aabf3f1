/**
 * Issue 15 end to end, through the real CLI against the simulated gateways: prices from the
 * catalogs when `prices:` is gone; an AI Stats gateway with an unpriced model and one whose
 * upstream omits usage; gateways whose upstream fails (LLM Gateway: 500, and 200 + `event: error`
 * when streamed; AI Stats: 502). Each is classified as the real gateway's answer would be, and
 * nothing is counted as $0 or as reported tokens that was not.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { hasStackTrace, ROOT, runCli, scratchProject } from './helpers/cli.ts';

type Yaml = Record<string, unknown>;
const baseConfig = (): Yaml => parse(readFileSync(join(ROOT, 'eval.config.yaml'), 'utf8')) as Yaml;

interface Arm {
  gateway: string;
  ok: number;
  usageSource: string;
  costSource: string;
  costNanos: number | null;
  errorKinds: Record<string, number>;
  errorDetail?: Record<string, { seenAs: string[]; example: string }>;
}
interface Report {
  totals: { baseline: Arm; candidate: Arm };
  cases: Array<{ caseId: string; baseline: Arm; candidate: Arm; findings: string[]; checks: Array<{ check: string; verdict: string; reason: string }> }>;
  findings: string[];
  pricing?: { configured: number; catalogs: Array<{ role: string; fetchedAt: string | null; file: string | null; priced: number; error: string | null }>; disagreements: string[] };
}

function onlyRun(project: string): string {
  const runs = readdirSync(join(project, 'reports'));
  expect(runs).toHaveLength(1);
  return join(project, 'reports', runs[0] ?? '');
}
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const check = (c: Report['cases'][number], name: string) => c.checks.find((k) => k.check === name);

describe('prices from the catalogs (item 3)', () => {
  it('with prices: removed, eval on local still prices both sides, keeps each catalog with its time, and says so', async () => {
    const { prices: _dropped, ...config } = baseConfig();
    const p = scratchProject({ config: stringify(config) });
    const r = await runCli(['eval', '--config', p.config, '--target', 'local', '--repeat', '2'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    const out = onlyRun(p.dir);
    const report = readReport(out);
    // LLM Gateway sends no cost: its side is priced from its catalog; AI Stats bills its own.
    expect(report.totals.baseline).toMatchObject({ costSource: 'catalog', usageSource: 'reported' });
    expect(report.totals.candidate).toMatchObject({ costSource: 'gateway', usageSource: 'reported' });
    expect(report.totals.baseline.costNanos).toBeGreaterThan(0);
    expect(report.totals.candidate.costNanos).toBeGreaterThan(0);
    expect(report.pricing?.configured).toBe(0);
    expect(report.pricing?.catalogs.map((c) => [c.role, c.file, c.error])).toEqual([
      ['baseline', 'catalogs/baseline.json', null],
      ['candidate', 'catalogs/candidate.json', null],
    ]);
    for (const role of ['baseline', 'candidate']) {
      const copy = JSON.parse(readFileSync(join(out, 'catalogs', `${role}.json`), 'utf8')) as { fetchedAt: string; models: unknown[] };
      expect(Date.parse(copy.fetchedAt)).not.toBeNaN();
      expect(copy.models.length).toBeGreaterThan(5);
    }
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/\| total cost \(cost source\) \| \$[\d.]+ \(catalog\) \| \$[\d.]+ \(gateway\) \|/);
    expect(summary).toMatch(/- baseline llm-gateway-sim: cost catalog, usage reported; catalog read \S+ \(\d+ of \d+ models priced; copy in catalogs\/baseline\.json\); prices: 0 configured/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('prices from');
    expect(html).toMatch(/catalog read [^<]+catalogs\/baseline\.json/);
    expect(r.stdout).toMatch(/cost of all requests \$[\d.]+ \(catalog\) → \$[\d.]+ \(gateway\)/);
  });

  it('a prices: entry more than 1 % off the catalog is flagged where people look, and the catalog price is used', async () => {
    const p = scratchProject({ config: stringify({ ...baseConfig(), prices: { 'openai/gpt-4o': { input: 3, output: 10 } } }) });
    const r = await runCli(['eval', '--config', p.config, '--target', 'local', '--repeat', '2', '--grep', '^code-'], { cwd: p.dir });
    const flag = 'prices: openai/gpt-4o differs from the llm-gateway-sim catalog by more than 1 %: input $3/M vs $2.5/M (+20.0 %); the catalog price is used';
    expect(r.stdout).toContain(`! ${flag}`);
    const out = onlyRun(p.dir);
    expect(readReport(out).findings).toContain(flag);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(flag);
    expect(readReport(out).totals.baseline.costSource).toBe('catalog');
  });
});

const SUITE = `suite: fidelity
defaults: { temperature: 0, max_tokens: 40 }
cases:
  - id: unpriced-model
    model: gpt-4o-mini
    stream: false
    prompt: Say hello to the platform team in one short sentence.
  - id: usage-omitted
    model: gemini-2.0-flash
    stream: both
    prompt: Describe the weather in a mountain town in one sentence.
`;

function fidelityProject(targets: Yaml): { dir: string; config: string } {
  const prompts = join(scratchProject().dir, 'fidelity-prompts');
  mkdirSync(prompts, { recursive: true });
  writeFileSync(join(prompts, 'fidelity.yaml'), SUITE);
  const { prices: _prices, targets: _targets, defaults, ...rest } = baseConfig();
  return scratchProject({ prompts, config: stringify({ ...rest, defaults: { ...(defaults as Yaml), warmup: 0 }, targets }) });
}

const llm = (sim: Yaml = {}) => ({ name: 'llm-gateway-sim', profile: 'llmgateway', sim: { seed: 11, latency: { baseMs: 5, perTokenMs: 0, jitter: 0 }, ...sim } });
const ais = (sim: Yaml = {}) => ({ name: 'ai-stats-sim', profile: 'aistats', sim: { seed: 23, latency: { baseMs: 5, perTokenMs: 0, jitter: 0 }, ...sim } });

describe('what the real gateways send, classified as they would be (items 1, 2, 5, 8)', () => {
  it('AI Stats: an unpriced model costs unknown (not $0), usage omitted upstream is missing (not reported), neither is gated', async () => {
    const p = fidelityProject({
      fidelity: { baseline: llm(), candidate: ais({ unpricedModels: ['openai/gpt-4o-mini'], upstreamOmitsUsage: ['google/gemini-2.0-flash'] }) },
    });
    const r = await runCli(['eval', '--config', p.config, '--target', 'fidelity', '--repeat', '2'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    const out = onlyRun(p.dir);
    const report = readReport(out);
    const unpriced = report.cases.find((c) => c.caseId === 'unpriced-model');
    const omitted = report.cases.find((c) => c.caseId === 'usage-omitted');
    if (!unpriced || !omitted) throw new Error('cases missing from report.json');

    // Item 1: usage.pricing {total_nanos: 0, lines: []} and no cost_nanos → unknown, never "$0 (gateway)".
    expect(unpriced.candidate).toMatchObject({ ok: 2, usageSource: 'reported', costSource: 'unknown', costNanos: null });
    expect(unpriced.baseline).toMatchObject({ costSource: 'catalog' });
    expect(check(unpriced, 'cost')).toMatchObject({ verdict: 'inconclusive', reason: 'cost unknown for ai-stats-sim' });

    // Item 2: usage {0,0,0} for a non-empty answer, and no usage chunk when streamed → missing.
    expect(omitted.candidate).toMatchObject({ ok: 4, usageSource: 'missing', costSource: 'estimated' });
    expect(omitted.baseline).toMatchObject({ usageSource: 'reported', costSource: 'catalog' });
    expect(check(omitted, 'tokens')?.verdict).toBe('not-comparable');
    expect(check(omitted, 'cost')?.verdict).toBe('not-comparable');
    expect(omitted.findings).toContain('ai-stats-sim: usage-missing');

    // Nothing the candidate did not report is counted as reported, nor as a gateway bill of $0.
    for (const c of report.cases) {
      expect(c.candidate.costSource === 'gateway' && c.candidate.costNanos === 0).toBe(false);
    }
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    const header = (csv[0] ?? '').split(',');
    const cell = (line: string, col: string) => line.split(',')[header.indexOf(col)];
    const candRow = (id: string) => csv.find((l) => l.startsWith(`${id},ai-stats-sim,candidate`)) ?? '';
    expect([cell(candRow('unpriced-model'), 'usage_source'), cell(candRow('unpriced-model'), 'cost_usd'), cell(candRow('unpriced-model'), 'cost_source')]).toEqual(['reported', '', 'unknown']);
    expect([cell(candRow('usage-omitted'), 'usage_source'), cell(candRow('usage-omitted'), 'cost_source')]).toEqual(['missing', 'estimated']);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/\| total cost \(cost source\) \| \$[\d.]+ \(catalog\) \| unknown \|/);
    expect(summary).toMatch(/\| tokens \(usage source\) \| [\d,]+ \(reported\) \| [\d,]+ \(mixed\) \|/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<span class="src">missing<\/span>/);
  });

  it('upstream failures: LLM Gateway 500 and, streamed, 200 + event: error; AI Stats 502 — each upstream-failed, and the mapping difference is a finding', async () => {
    const down = { faults: { rate: 1, kinds: ['upstream-failed'] } };
    const p = fidelityProject({ down: { baseline: llm(down), candidate: ais(down) } });
    const r = await runCli(['eval', '--config', p.config, '--target', 'down', '--repeat', '2', '--grep', 'usage-omitted'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    const out = onlyRun(p.dir);
    const report = readReport(out);
    expect(report.totals.baseline.errorKinds).toEqual({ 'upstream-failed': 4 });
    expect(report.totals.candidate.errorKinds).toEqual({ 'upstream-failed': 4 });
    expect(report.totals.baseline.errorDetail?.['upstream-failed']?.seenAs.sort()).toEqual(['200 + event: error (stream)', '500 (non-stream)']);
    expect(report.totals.candidate.errorDetail?.['upstream-failed']?.seenAs.sort()).toEqual(['502 (non-stream)', '502 (stream)']);
    const mapping =
      'the same upstream failure (upstream-failed) reaches the client differently: llm-gateway-sim answers 500 (non-stream), 200 + event: error (stream); ai-stats-sim answers 502 (non-stream), 502 (stream) — application error handling must expect both';
    expect(report.findings).toContain(mapping);
    expect(r.stdout).toContain(`! ${mapping}`);
    expect(r.stdout).toMatch(/Errors on baseline llm-gateway-sim:\n {4}upstream-failed ×4 as /);
    // The streamed LLM Gateway failure is a 200: the SDK sees it only when iterating, and it is not retried.
    const samples = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { role: string; stream: boolean; retries: number; error?: { status: number; kind: string; bodyShape: string } });
    const streamed = samples.filter((s) => s.role === 'baseline' && s.stream);
    expect(streamed.map((s) => [s.error?.status, s.error?.kind, s.error?.bodyShape, s.retries])).toEqual([
      [200, 'upstream-failed', 'sse-error-event', 0],
      [200, 'upstream-failed', 'sse-error-event', 0],
    ]);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('### Errors as the client saw them');
  });

  it('a 200 that is not JSON (an HTML page in front of the gateway) says so where people look, streamed or not (item 7)', async () => {
    const p = fidelityProject({ html: { baseline: llm(), candidate: ais({ faults: { rate: 1, kinds: ['not-json'] } }) } });
    const r = await runCli(['eval', '--config', p.config, '--target', 'html', '--repeat', '2', '--grep', 'usage-omitted'], { cwd: p.dir });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code).toBe(1);
    const out = onlyRun(p.dir);
    const report = readReport(out);
    expect(report.totals.candidate.errorKinds).toEqual({ 'malformed-response': 4 });
    expect(report.totals.candidate.errorDetail?.['malformed-response']?.seenAs.sort()).toEqual(['200 (non-stream)', '200 (stream)']);
    const said = /malformed-response ×4 as 200 \((non-)?stream\), 200 \((non-)?stream\) — 200: 2xx body is not JSON \(text\/html, \d+ B\): starts /;
    expect(r.stdout).toMatch(/Errors on candidate ai-stats-sim:\n {4}malformed-response ×4/);
    expect(r.stdout).toMatch(said);
    expect(r.stdout).toContain('starts "<!doctype html>');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(said);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/2xx body is not JSON \(text\/html, \d+ B\)/);
    // The failing check's own reason says it too, beside the kind (terminal case line, summary.md's failing cases).
    const errors = report.cases[0]?.checks.find((k) => k.check === 'errors');
    expect(errors?.reason).toMatch(/Candidate errors: malformed-response×4 \(first: 200: 2xx body is not JSON \(text\/html, \d+ B\)/);
  });

});
