/** The bench figures as Markdown tables (printed, and pasted into BENCHMARKS.md). */
import type { CliRow } from './cli-spawn.ts';
import type { ThroughputRow } from './e2e.ts';
import type { MicroRow } from './micro.ts';
import type { RssRow } from './rss.ts';

export interface BenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; platform: string };
  micro: MicroRow[];
  simCapacity: Array<{ concurrency: number; rps: number }>;
  throughput: ThroughputRow[];
  cli: CliRow | undefined;
  rss: RssRow[];
  ratios: Record<string, unknown>;
  acceptance: Record<string, boolean>;
}

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(3) : v.toExponential(1));
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function printTables(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB.toFixed(0)} GB, Node ${m.node} (${m.platform}); ${r.date}`, ''];
  out.push('Micro-benchmarks (tinybench, mean per operation)', '');
  out.push(table(['benchmark', 'mean ms', 'p99 ms', 'limit'], r.micro.map((x) => [x.name, ms(x.meanMs), ms(x.p99Ms), x.limitMs !== undefined ? `< ${x.limitMs} ms` : ''])));
  out.push('', 'Simulated gateways alone (bare fetch loop, both gateways at once, concurrency per gateway)', '');
  out.push(table(['concurrency', 'requests/s'], r.simCapacity.map((x) => [String(x.concurrency), n0(x.rps)])));
  out.push('', 'Full eval pipeline (runEval: config, suite, requests, scoring, gate, 5 report formats) vs plain openai SDK + p-limit loop, same requests, same simulators, same run', '');
  out.push(
    table(
      ['concurrency', 'transport', 'requests', 'plain req/s', 'pipeline req/s', 'ratio', 'request phase req/s', 'outside requests ms', 'CPU ms/req plain', 'CPU ms/req pipeline', 'errors'],
      r.throughput.map((x) => [
        String(x.concurrency),
        x.stream ? 'streamed' : 'non-streamed',
        n0(x.requests),
        n0(x.plainRps),
        n0(x.pipelineRps),
        pct(x.ratio),
        n0(x.requestPhaseRps),
        n0(x.outsideRequestsMs),
        x.cpuMsPerRequest.plain.toFixed(2),
        x.cpuMsPerRequest.pipeline.toFixed(2),
        `${x.errors.plain}/${x.errors.pipeline}`,
      ]),
    ),
  );
  if (r.cli) {
    out.push('', `CLI spawned (\`cutover eval\`, concurrency ${r.cli.concurrency}, non-streamed, ${n0(r.cli.requests)} requests): ${n0(r.cli.rps)} req/s including start-up; \`cutover --version\` alone ${n0(r.cli.startupMs)} ms`);
  }
  out.push('', 'Peak RSS of a full eval run, each in a fresh process (simulators in their own process, not counted)', '');
  out.push(table(['run', 'samples', 'wall s', 'peak RSS MB'], r.rss.map((x) => [x.label, n0(x.samples), (x.wallMs / 1000).toFixed(1), x.maxRssMB.toFixed(0)])));
  out.push('', 'Acceptance', '');
  out.push(table(['criterion', 'met'], Object.entries(r.acceptance).map(([k, v]) => [k, v ? 'yes' : '**no**'])));
  return `${out.join('\n')}\n`;
}
