/**
 * Issue 14 items 10 and 11, end to end on the simulators:
 * - a gateway that ignores a requested feature (the legacy LLM Gateway drops `tools`): the case's
 *   similarity, TTFT, tokens and cost are "not comparable" with the feature finding as the reason,
 *   the case is out of the headline cost total, and `baseline` warns when it records such answers;
 * - the old gateway's outputs changed since the baseline was recorded: a "Baseline drift" finding
 *   on the terminal and in summary.md, not only in report.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchProject } from './helpers/cli.ts';

interface Check {
  check: string;
  verdict: string;
  reason: string;
  metrics: Record<string, unknown>;
}
interface ReportJson {
  verdict: { verdict: string; overall: Check[]; failing: Array<{ caseId: string; checks: string[] }> };
  cases: Array<{ caseId: string; notComparable?: string[]; checks: Check[] }>;
  findings: string[];
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;

const CANDIDATE = 'candidate: { name: ai-stats-sim, profile: aistats, sim: { seed: 23, latency: { baseMs: 40, perTokenMs: 0.4, jitter: 0.1 } } }';

/** A suite of one tool-calling case and one plain case. */
const SUITE = `suite: tools
defaults: { model: gpt-4o, temperature: 0, max_tokens: 200 }
cases:
  - id: tool-call-weather
    stream: false
    tools:
      - type: function
        function:
          name: get_order_status
          description: Look up the shipping status of an order.
          parameters: { type: object, properties: { order_id: { type: string } }, required: [order_id] }
    prompt: Where is my order A-20931?
  - id: plain-answer
    stream: false
    prompt: Say hello to the team in one sentence.
`;

describe('not like for like, and a drifted old gateway', () => {
  it('a gateway that drops tools: the case is not comparable (features fails, named), out of the cost total, and baseline warns', async () => {
    const prompts = join(scratchProject().dir, 'suite');
    mkdirSync(prompts, { recursive: true });
    writeFileSync(join(prompts, 'tools.yaml'), SUITE);
    const config = `version: 1
suite: prompts
baselineDir: baseline
defaults: { repeat: 5, warmup: 1, concurrency: 4 }
targets:
  legacy:
    baseline: { name: llm-gateway-legacy-sim, profile: llmgateway, sim: { seed: 11, legacy: true, latency: { baseMs: 40, perTokenMs: 0.4, jitter: 0.1 } } }
    ${CANDIDATE}
`;
    const p = scratchProject({ config, prompts });
    const out = join(p.dir, 'out');
    const r = await runCli(['eval', '--config', p.config, '--target', 'legacy', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = readReport(out);
    const tools = report.cases.find((c) => c.caseId === 'tool-call-weather');
    expect(tools?.notComparable?.join(' ')).toMatch(/tools/);
    for (const name of ['similarity', 'cost', 'tokens']) {
      // Scored not comparable, and the gate leaves it so (it is no hypothesis of the Holm families).
      const k = tools?.checks.find((c) => c.check === name);
      expect(k?.verdict, name).toBe('not-comparable');
      expect(k?.reason, name).toMatch(/^not comparable: .*tools/);
    }
    // The features check fails; the candidate is not blamed for answering with the tool call (latency is
    // not asserted: this test runs beside others, and timing is test/statistics.e2e's business).
    const failed = report.verdict.failing.find((f) => f.caseId === 'tool-call-weather')?.checks ?? [];
    expect(failed).toContain('features');
    expect(failed.filter((c) => ['similarity', 'ttft', 'cost', 'tokens'].includes(c))).toEqual([]);
    expect(report.verdict.failing.flatMap((f) => f.checks).every((c) => c === 'features' || c === 'latency')).toBe(true);
    // The headline cost total counts the like-for-like case only.
    const cost = report.verdict.overall.find((o) => o.check === 'cost');
    expect(cost?.metrics['cases']).toBe(1);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/> ⚠️ Not comparable: a gateway ignored a requested feature on tool-call-weather; left out of the cost and token totals\./);
    expect(r.stdout).toMatch(/Not comparable: a gateway ignored a requested feature on tool-call-weather/);

    const b = await runCli(['baseline', '--config', p.config, '--target', 'legacy', '--repeat', '1']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/warning: llm-gateway-legacy-sim ignored a requested feature on 1 case\(s\): tool-call-weather \(.*tools.*\) — .*not comparable/);
  }, 240_000);

  it('the old gateway changed since the baseline was recorded: a Baseline drift finding on the terminal and in summary.md', async () => {
    const config = readFileSync(join(scratchProject().config), 'utf8').replace(
      /\ntargets:\n/,
      `\ntargets:\n  old-changed:\n    baselineFile: baseline/local.json\n    baseline: { name: llm-gateway-sim, profile: llmgateway, sim: { seed: 11, latency: { baseMs: 40, perTokenMs: 0.4, jitter: 0.1 }, drift: { changeOutputs: 0.5 } } }\n    ${CANDIDATE}\n`,
    );
    expect(config).toContain('old-changed:');
    const p = scratchProject({ config, copyBaseline: true });
    const out = join(p.dir, 'out');
    const r = await runCli(['eval', '--config', p.config, '--target', 'old-changed', '--out', out, '--grep', 'summarise|translate|draft|rewrite']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/Baseline drift: the baseline gateway's outputs changed since the baseline was recorded on \d+ case\(s\) \(.+\) — re-record the baseline or investigate\./);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/> ⚠️ Baseline drift: the baseline gateway's outputs changed since the baseline was recorded on \d+ case\(s\)/);
    expect(readReport(out).findings.some((f) => f.startsWith('Baseline drift:'))).toBe(true);
  }, 240_000);
});
