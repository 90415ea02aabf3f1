/**
 * Everything knowable before the first request fails before it: exit 2, one clear line, no report
 * folder left behind, and — counted at the simulated gateways themselves — zero requests sent.
 * The gateways here are simulators this test starts (so it can read their request counters),
 * configured as a target with base URLs, as a real gateway would be.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimSchema } from '../src/config/schema.ts';
import { startSimulators, type SimHost } from '../src/sim/host.ts';
import { hasStackTrace, runCli, scratchProject } from './helpers/cli.ts';

const KEYS = { OLD_GW_KEY: 'preflight-old-key-0001', NEW_GW_KEY: 'phaseo_v1_sk_preflight_key0001' };

let host: SimHost;

beforeAll(async () => {
  const sim = SimSchema.parse({ latency: { baseMs: 0, perTokenMs: 0, jitter: 0 } });
  host = await startSimulators([
    { profile: 'llmgateway', apiKey: KEYS.OLD_GW_KEY, sim },
    { profile: 'aistats', apiKey: KEYS.NEW_GW_KEY, sim },
  ]);
});
afterAll(() => host.close());

/** Requests both simulated gateways have received so far. */
async function requestsReceived(): Promise<number> {
  let n = 0;
  for (const url of host.baseURLs) {
    const res = await fetch(new URL('/__sim/requests', url));
    n += ((await res.json()) as { requests: number }).requests;
  }
  return n;
}

/** A scratch project whose target `sims` points at this test's simulators. */
function project(): { dir: string; config: string } {
  const p = scratchProject({ copyBaseline: true });
  const [oldURL, newURL] = host.baseURLs;
  writeFileSync(
    p.config,
    readFileSync(p.config, 'utf8').replace(
      /targets:\n/,
      `targets:\n  sims:\n    baseline: { name: old-gw, profile: llmgateway, baseURL: "${oldURL}", keyEnv: OLD_GW_KEY }\n    candidate: { name: new-gw, profile: aistats, baseURL: "${newURL}", keyEnv: NEW_GW_KEY }\n`,
    ),
  );
  return p;
}

/** A folder this process cannot write in: as root, permission bits do not stop anything, /sys does. */
function unwritableFolder(): string {
  if (process.getuid?.() === 0) return '/sys/cutover-preflight-out';
  const dir = mkdtempSync(join(tmpdir(), 'cutover-ro-'));
  chmodSync(dir, 0o555);
  return join(dir, 'out');
}

const suiteFile = (name: string, body: string) => (dir: string) => writeFileSync(join(dir, 'prompts', name), body);

interface Row {
  name: string;
  setup?: (dir: string, config: string) => void;
  args: (dir: string) => string[];
  expect: RegExp;
}

const rows: Row[] = [
  { name: '--reporter pdf', args: () => ['--reporter', 'json,pdf'], expect: /^cutover: unknown report format "pdf"; known formats: json, csv, markdown, junit, html, github$/ },
  {
    name: 'an invalid regex in an assertion',
    setup: suiteFile('zz-regex.yaml', 'suite: zz\ncases:\n  - id: zz-regex\n    model: gpt-4o-mini\n    prompt: hi\n    assert:\n      - { type: regex, value: "([a-z]+" }\n'),
    args: () => [],
    expect: /^cutover: prompts\/zz-regex\.yaml:7:\d+: cases\[0\]\.assert\[0\]\.value: invalid regular expression "\(\[a-z\]\+" \(case "zz-regex"\): /,
  },
  {
    name: 'an invalid JSON Schema in an assertion',
    setup: suiteFile('zz-schema.yaml', 'suite: zz\ncases:\n  - id: zz-schema\n    model: gpt-4o-mini\n    prompt: hi\n    assert:\n      - type: json-schema\n        value: { type: objekt }\n'),
    args: () => [],
    expect: /^cutover: prompts\/zz-schema\.yaml:8:\d+: cases\[0\]\.assert\[0\]\.value: invalid JSON Schema \(case "zz-schema"\): schema is invalid/,
  },
  { name: '--out naming a file', setup: (dir) => writeFileSync(join(dir, 'a-file'), 'x'), args: (dir) => ['--out', join(dir, 'a-file')], expect: /^cutover: --out .*a-file: .*a-file is a file, not a folder/ },
  { name: '--out under a file', setup: (dir) => writeFileSync(join(dir, 'a-file'), 'x'), args: (dir) => ['--out', join(dir, 'a-file', 'r')], expect: /^cutover: --out .*a-file\/r: .*a-file is a file, so no folder can be created under it/ },
  { name: '--out in a folder that cannot be written', args: () => ['--out', unwritableFolder()], expect: /^cutover: --out .*: cannot write in .* \((EACCES|EPERM|EROFS)\)/ },
  { name: 'more requests than --max-requests', args: () => ['--repeat', '10000'], expect: /^cutover: more than --max-requests 20,000: will send [\d,]+ requests \(28 cases × 1–10,000 repeats × 1–2 transports × 2 gateways \+ 4 warm-up\).*Nothing was sent/ },
  { name: 'a lower --max-requests', args: () => ['--max-requests', '100'], expect: /^cutover: more than --max-requests 100: will send [\d,]+ requests/ },
  { name: 'a repeat of a billion in the config', setup: (_dir, config) => writeFileSync(config, readFileSync(config, 'utf8').replace('repeat: 8 ', 'repeat: 1000000000 ')), args: () => [], expect: /^cutover: .*eval\.config\.yaml:\d+:\d+: defaults\.repeat: .*(10000|10,000)/ },
  { name: '--concurrency above the config cap', args: () => ['--concurrency', '2000'], expect: /^cutover: --concurrency must be at most 1,024, got 2000$/ },
  {
    name: 'a baseline recorded for another target',
    setup: (dir) => writeFileSync(join(dir, 'baseline', 'sims.json'), readFileSync(join(dir, 'baseline', 'local.json'))),
    args: () => [],
    expect: /^cutover: baseline\/sims\.json was recorded for target "local" \(gateway llm-gateway-sim, simulated:llmgateway\), not "sims": record one with `npm run baseline -- --target sims`/,
  },
  {
    name: 'a simulator baseline named for a real gateway',
    setup: (_dir, config) => writeFileSync(config, readFileSync(config, 'utf8').replace('  sims:\n', '  sims:\n    baselineFile: baseline/local.json\n')),
    args: () => [],
    expect: /^cutover: baseline\/local\.json was recorded from a llmgateway simulator \("llm-gateway-sim"\), but target "sims" has a llmgateway gateway at http:\/\/127\.0\.0\.1:\d+\/v1 \("old-gw"\) as its baseline gateway/,
  },
];

describe('fail before the first request', () => {
  it.each(rows)('$name: exit 2, one line, no report folder, zero requests at the gateways', async (row) => {
    const p = project();
    row.setup?.(p.dir, p.config);
    const before = await requestsReceived();
    const defaultReports = join(p.dir, 'reports');
    const r = await runCli(['eval', '--config', p.config, '--target', 'sims', ...row.args(p.dir)], { cwd: p.dir, env: KEYS });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('cutover:'));
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(row.expect);
    expect(r.stdout).toBe('');
    expect(existsSync(defaultReports), 'no report folder is left behind').toBe(false);
    expect(await requestsReceived(), 'requests sent').toBe(before);
  });

  it('eval --plan prints the requests and the cost estimate, sends nothing and writes nothing', async () => {
    const p = project();
    const before = await requestsReceived();
    const r = await runCli(['eval', '--config', p.config, '--target', 'sims', '--plan'], { cwd: p.dir, env: KEYS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^target sims: will send 560 requests \(28 cases × 1–10 repeats × 1–2 transports × 2 gateways \+ 4 warm-up\), ≈ [\d,]+ tokens \(prompts at ≈ 4 characters a token, completions at their max_tokens\), ≈ \$[\d.]+ at configured prices(; not counted: completions of \d+ case\(s\) with no max_tokens and no recorded usage)?; can detect, with 80 % power at \d+ samples per case and arm, latency spread [\d.]+ \((assumed|stored baseline)\), alpha shared by the gate's 4 latency checks: per case p50 (≥ \+\d+ %|nothing detectable), p95 (not gated \(< 20 samples\)|≥ \+\d+ %|nothing detectable); run level p50 (≥ \+\d+ %|nothing detectable) \(power \d+ % at the \+10 % limit\)\n$/,
    );
    expect(existsSync(join(p.dir, 'reports'))).toBe(false);
    expect(await requestsReceived()).toBe(before);
  });

  it('eval --plan on local: the request count and the cost estimate from the stored baseline; the run then sends what was planned', async () => {
    const p = scratchProject({ copyBaseline: true });
    const r = await runCli(['eval', '--config', p.config, '--plan', '--repeat', '3'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^target local: will send 214 requests \(28 cases × 1–3 repeats × 1–2 transports × 2 gateways \+ 4 warm-up\), ≈ [\d,]+ tokens \(as recorded in the stored baseline\), ≈ \$0\.0\d+ at configured prices; can detect, with 80 % power at \d+ samples per case and arm, latency spread [\d.]+ \((assumed|stored baseline)\), alpha shared by the gate's 4 latency checks: per case p50 (≥ \+\d+ %|nothing detectable), p95 (not gated \(< 20 samples\)|≥ \+\d+ %|nothing detectable); run level p50 (≥ \+\d+ %|nothing detectable) \(power \d+ % at the \+10 % limit\)\n$/);
    expect(existsSync(join(p.dir, 'reports'))).toBe(false);
    // The plan's count is what the run measures, and its cost is what the run reports.
    const args = ['--config', p.config, '--grep', '^(classify|translate)-', '--repeat', '2'];
    const json = await runCli(['eval', ...args, '--plan', '--json'], { cwd: p.dir });
    const plan = (JSON.parse(json.stdout) as { plan: { requests: number; measured: number; warmup: number; costNanos: number } }).plan;
    expect(plan.warmup).toBe(4);
    const out = mkdtempSync(join(tmpdir(), 'cutover-plan-run-'));
    const run = await runCli(['eval', ...args, '--out', out], { cwd: p.dir });
    expect(run.stderr).toContain(`cutover eval: will send ${plan.requests} requests`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { totals: { requests: number; baseline: { costNanos: number }; candidate: { costNanos: number } } };
    expect(report.totals.requests).toBe(plan.measured);
    const measuredCost = report.totals.baseline.costNanos + report.totals.candidate.costNanos;
    // Warm-up requests are priced in the plan but not reported; within 25 % is a plan's job.
    expect(plan.costNanos / measuredCost).toBeGreaterThan(0.9);
    expect(plan.costNanos / measuredCost).toBeLessThan(1.25);
  });

  it('the same target, without the problem, does send (the counter counts)', async () => {
    const p = project();
    const out = join(mkdtempSync(join(tmpdir(), 'cutover-preflight-ok-')), 'r');
    const before = await requestsReceived();
    const r = await runCli(['eval', '--config', p.config, '--target', 'sims', '--grep', '^classify-intent$', '--repeat', '1', '--out', out, '--quiet'], { cwd: p.dir, env: KEYS });
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect([0, 1]).toContain(r.code);
    expect(await requestsReceived()).toBeGreaterThan(before);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });
});

describe('stored baseline of another gateway', () => {
  it('a baseline named with baselineFile: for a target with the same kind of gateway is compared, with a warning', async () => {
    const p = scratchProject({ copyBaseline: true });
    // local-drift names baseline/local.json on purpose (same simulator profile): no warning, no refusal.
    const plan = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--plan'], { cwd: p.dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toBe('');
    // Rename the baseline gateway: compared anyway, and said so.
    writeFileSync(p.config, readFileSync(p.config, 'utf8').replace(/(local-drift:[\s\S]*?baseline:\n\s+name: )llm-gateway-sim/, '$1llm-gateway-sim-v2'));
    const renamed = await runCli(['eval', '--config', p.config, '--target', 'local-drift', '--plan'], { cwd: p.dir });
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.stderr).toMatch(/^cutover eval: warning: baseline\/local\.json was recorded from "llm-gateway-sim" \(simulated:llmgateway\), the baseline gateway is now "llm-gateway-sim-v2" \(simulated:llmgateway\); compared anyway/m);
  });
});
