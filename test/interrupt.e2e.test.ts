/**
 * Ctrl-C during a run: stop sending, keep what completed, write a partial report, exit 130 — and
 * every report says INTERRUPTED / incomplete, none says pass (a cancelled CI job must not post a
 * green summary). Also against a gateway that never answers, where nothing completes at all.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, scratchProject, type CliResult } from './helpers/cli.ts';

interface ReportJson {
  partial: boolean;
  cases: unknown[];
  findings: string[];
  totals: { requests: number };
  verdict: { verdict: string; passes: boolean; reasons: string[]; incomplete?: { interrupted: boolean; completed: number; planned: number } };
}

interface JunitCase {
  '@_classname': string;
  '@_name': string;
  error?: { '@_message': string; '@_type': string };
}

/** Runs eval and sends SIGINT once `when` says so (given each chunk of stderr and the ms since spawn). */
async function interruptedEval(args: string[], opts: { cwd: string; env?: Record<string, string>; when: (stderr: string) => boolean; delayMs?: number }): Promise<CliResult & { sent: boolean }> {
  let kill: ((sig: NodeJS.Signals) => void) | undefined;
  let sent = false;
  let seen = '';
  const r = await runCli(['eval', ...args], {
    cwd: opts.cwd,
    ...(opts.env ? { env: opts.env } : {}),
    onSpawn: (_pid, k) => (kill = k),
    onStderr: (chunk) => {
      seen += chunk;
      if (!sent && opts.when(seen)) {
        sent = true;
        setTimeout(() => kill?.('SIGINT'), opts.delayMs ?? 0);
      }
    },
  });
  return { ...r, sent };
}

/** What every output of an interrupted run must say: interrupted / incomplete, never pass. */
function expectInterruptedEverywhere(out: string, stepSummary: string, target: string): ReportJson {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;
  expect(report.partial).toBe(true);
  expect(report.verdict.verdict).toBe('incomplete');
  expect(report.verdict.passes).toBe(false);
  expect(report.verdict.incomplete?.interrupted).toBe(true);
  expect(report.verdict.incomplete?.completed).toBe(report.totals.requests);
  expect(report.verdict.incomplete?.planned).toBeGreaterThan(report.totals.requests);
  const headline = `INTERRUPTED after ${report.totals.requests.toLocaleString('en-US')} of ${report.verdict.incomplete?.planned.toLocaleString('en-US')} requests`;

  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  expect(summary.split('\n')[0]).toBe(`## ⛔ cutover: **${headline}** — ${target}`);
  expect(summary).not.toMatch(/\bPASS\b|✅/);
  expect(summary).not.toMatch(/passes the gate/);

  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml) as {
    testsuites: { '@_errors': string; testsuite: Array<{ testcase: JunitCase[] }> };
  };
  const errors = doc.testsuites.testsuite.flatMap((s) => s.testcase).filter((t) => t.error);
  expect(errors.map((t) => `${t['@_classname']}/${t['@_name']}`)).toEqual(['run/completeness']);
  expect(errors[0]?.error?.['@_message']).toContain(headline);
  expect(Number(doc.testsuites['@_errors'])).toBe(1);

  // The GitHub job summary is summary.md: it says the same.
  const step = readFileSync(stepSummary, 'utf8');
  expect(step).toContain(`**${headline}**`);
  expect(step).not.toMatch(/\bPASS\b|✅/);

  const html = readFileSync(join(out, 'report.html'), 'utf8');
  expect(html).toContain('data-verdict="incomplete"');
  expect(html).toContain(headline);
  return report;
}

let hung: Server;
let hungPort = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // A gateway that accepts connections and requests, and never answers any of them.
  hung = createServer(() => undefined);
  hung.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  hungPort = (hung.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => hung.close(() => r()));
});

describe('interruption', () => {
  it('SIGINT 3 s into a long local run: exit 130, and summary.md, report.json, junit.xml and the step summary all say INTERRUPTED', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = mkdtempSync(join(tmpdir(), 'cutover-int-'));
    const stepSummary = join(mkdtempSync(join(tmpdir(), 'cutover-step-')), 'step-summary.md');
    writeFileSync(stepSummary, '');
    const started = Date.now();
    // 3 s after requests start flowing (the first progress line), as a cancelled CI job would be.
    const r = await interruptedEval(['--config', p.config, '--out', out, '--repeat', '60'], {
      cwd: p.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
      when: (s) => /progress: \d+\/\d+/.test(s),
      delayMs: 3000,
    });
    expect(r.sent).toBe(true);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping/);
    expect(r.stdout).toMatch(/^INTERRUPTED after [\d,]+ of [\d,]+ requests {2}local · \d+ completed cases/m);
    expect(r.stdout).not.toMatch(/\bPASS\b/);
    const report = expectInterruptedEverywhere(out, stepSummary, 'local');
    expect(report.totals.requests).toBeGreaterThan(0);
    expect(report.findings.some((f) => /run interrupted: \d+ of 28 cases completed/.test(f))).toBe(true);
    // samples.jsonl keeps every completed request, one JSON object per line.
    const lines = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(report.totals.requests);
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(Date.now() - started).toBeLessThan(110_000);
  });

  it('SIGINT 3 s into a run against a gateway that never answers: exit 130, "INTERRUPTED after 0 of N requests", never PASS', async () => {
    const p = scratchProject({ copyBaseline: true });
    const url = `http://127.0.0.1:${hungPort}/v1`;
    writeFileSync(
      p.config,
      readFileSync(p.config, 'utf8').replace(
        /targets:\n/,
        `targets:\n  hung:\n    baseline: { name: old-gw, profile: llmgateway, baseURL: "${url}", keyEnv: LLM_GATEWAY_API_KEY }\n    candidate: { name: new-gw, profile: aistats, baseURL: "${url}", keyEnv: AI_STATS_API_KEY }\n`,
      ),
    );
    const out = mkdtempSync(join(tmpdir(), 'cutover-int-hung-'));
    const stepSummary = join(mkdtempSync(join(tmpdir(), 'cutover-step-')), 'step-summary.md');
    const r = await interruptedEval(['--config', p.config, '--target', 'hung', '--out', out, '--repeat', '2'], {
      cwd: p.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary, LLM_GATEWAY_API_KEY: 'llm-test-key-000', AI_STATS_API_KEY: 'phaseo_v1_sk_test00_secret' },
      when: (s) => /cutover eval: target hung/.test(s),
      delayMs: 3000,
    });
    expect(r.sent).toBe(true);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    expect(r.code, r.stderr).toBe(130);
    const report = expectInterruptedEverywhere(out, stepSummary, 'hung');
    expect(report.totals.requests).toBe(0);
    expect(report.cases).toHaveLength(0);
    expect(r.stdout).toMatch(/^INTERRUPTED after 0 of [\d,]+ requests/m);
  });

  it('merge of interrupted shards: the merged run is INTERRUPTED after the shards\' sums, exit 130, never a pass', async () => {
    const p = scratchProject({ copyBaseline: true });
    const out = mkdtempSync(join(tmpdir(), 'cutover-int-merge-'));
    const dirs = [join(out, 's1'), join(out, 's2')];
    const shards: ReportJson[] = [];
    for (const [i, dir] of dirs.entries()) {
      const r = await interruptedEval(['--config', p.config, '--shard', `${i + 1}/2`, '--out', dir, '--repeat', '60'], {
        cwd: p.dir,
        when: (s) => /progress: \d+\/\d+/.test(s),
        delayMs: 1000,
      });
      expect(r.code, r.stderr).toBe(130);
      shards.push(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson);
    }
    const stepSummary = join(mkdtempSync(join(tmpdir(), 'cutover-step-')), 'step-summary.md');
    const merged = await runCli(['merge', '--config', p.config, ...dirs, '--out', join(out, 'merged')], { cwd: p.dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary } });
    expect(merged.stderr).not.toSatisfy(hasStackTrace);
    expect(merged.code, merged.stderr).toBe(130);
    const report = expectInterruptedEverywhere(join(out, 'merged'), stepSummary, 'local');
    expect(report.verdict.incomplete?.completed).toBe(shards.reduce((n, s) => n + s.totals.requests, 0));
    expect(report.verdict.incomplete?.planned).toBe(shards.reduce((n, s) => n + (s.verdict.incomplete?.planned ?? NaN), 0));
  });

  it('a second SIGINT exits at once with 130', async () => {
    const p = scratchProject({ copyBaseline: true });
    let kill: ((sig: NodeJS.Signals) => void) | undefined;
    let sent = false;
    const out = mkdtempSync(join(tmpdir(), 'cutover-int2-'));
    const r = await runCli(['eval', '--config', p.config, '--out', out, '--repeat', '60'], {
      cwd: p.dir,
      onSpawn: (_pid, k) => (kill = k),
      onStderr: (chunk) => {
        if (!sent && /progress: \d+\/\d+/.test(chunk)) {
          sent = true;
          kill?.('SIGINT');
          setTimeout(() => kill?.('SIGINT'), 50);
        }
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toSatisfy(hasStackTrace);
    // The raw samples stay; the scratch log of scored cases does not.
    expect(readdirSync(out)).toContain('samples.jsonl');
    expect(readdirSync(out)).not.toContain('.cases.jsonl');
    expect(existsSync(join(out, '.cases.jsonl'))).toBe(false);
  });
});
