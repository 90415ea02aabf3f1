/** The bench figures as Markdown tables (printed, written to reports/bench.md, pasted into BENCHMARKS.md). */
import type { Acceptance, Measured } from './acceptance.ts';
import type { Spread } from './overhead.ts';

export interface BenchResult extends Measured {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; platform: string };
  load: Partial<Record<string, { start: number; end: number }>>;
  acceptance: Acceptance[];
  benchDurationS: number;
}

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(1));
const x2 = (v: number) => `${v.toFixed(2)}×`;
const withRange = (v: number, [lo, hi]: [number, number]) => `${x2(v)} [${lo.toFixed(2)} … ${hi.toFixed(2)}]`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const spreadCells = (s: Spread) => [n0(s.n), ms(s.p50Ms), ms(s.p99Ms), ms(s.maxMs)];

export function printTables(r: BenchResult): string {
  const m = r.machine;
  const loads = Object.entries(r.load).map(([k, v]) => `${k} ${v?.start.toFixed(2)}→${v?.end.toFixed(2)}`);
  const out: string[] = [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB.toFixed(0)} GB, Node ${m.node} (${m.platform}); ${r.date}; ${Math.round(r.benchDurationS)} s`,
    '',
    `Load average (1 min) at the start → end of each section: ${loads.join(', ')}`,
  ];
  if (r.micro) {
    out.push('', 'Micro-benchmarks (tinybench; the row names the similarity method that actually ran; tail = p99 with ≥ 100 samples, else the maximum)', '');
    out.push(table(['benchmark', 'mean ms', 'tail ms', 'tail is', 'samples'], r.micro.map((x) => [x.name, ms(x.meanMs), ms(x.tailMs), x.tailOf, n0(x.samples)])));
  }
  if (r.startup) {
    out.push('', 'Start-up (a new process each run, alternating with the reference; medians)', '');
    out.push(table(['command', 'reference', 'runs', 'reference ms', 'command ms', 'above reference ms', 'fastest ms'], [r.startup.version, r.startup.freshCheck].map((x) => [x.what, x.against, String(x.runs), n0(x.referenceMedianMs), n0(x.medianMs), n0(x.aboveMs), n0(x.minMs)])));
  }
  if (r.throughput) {
    out.push('', `Full eval pipeline (runEval: config, suite, requests, scoring, gate, 5 report formats) vs a plain openai SDK + p-limit loop on the same transport (undici.request) vs a bare undici.request loop; same requests, same zero-latency simulators, same run; ${r.throughput[0]?.rounds ?? 0} rounds, each side once per round in a rotated order: medians, each ratio the median of the rounds' ratios, [smallest … largest] round beside it`, '');
    out.push(
      table(
        ['concurrency', 'transport', 'requests', 'undici req/s', 'SDK loop req/s', 'pipeline req/s', 'pipeline ÷ undici', 'pipeline ÷ SDK loop', 'request phase req/s', 'outside requests ms', 'CPU ms/req undici', 'CPU ms/req SDK loop', 'CPU ms/req pipeline', 'CPU pipeline ÷ SDK loop', 'errors'],
        r.throughput.map((x) => [
          String(x.concurrency),
          x.stream ? 'streamed' : 'non-streamed',
          n0(x.requests),
          n0(x.rps.undici),
          n0(x.rps.sdk),
          n0(x.rps.pipeline),
          withRange(x.ratios.pipelineVsUndici, x.ratioRanges.pipelineVsUndici),
          withRange(x.ratios.pipelineVsSdk, x.ratioRanges.pipelineVsSdk),
          n0(x.requestPhaseRps),
          n0(x.outsideRequestsMs),
          x.cpuMsPerRequest.undici.toFixed(3),
          x.cpuMsPerRequest.sdk.toFixed(3),
          x.cpuMsPerRequest.pipeline.toFixed(3),
          withRange(x.ratios.cpuPipelineVsSdk, x.ratioRanges.cpuPipelineVsSdk),
          `${x.errors.undici}/${x.errors.sdk}/${x.errors.pipeline}`,
        ]),
      ),
    );
  }
  if (r.overhead) {
    out.push(
      '',
      'Timing overhead: `cutover eval` (spawned CLI, all reports) measured minus what the simulator recorded for the same request id (GET /__sim/injected), non-streamed and streamed, both gateways; ' +
        "and, just before, the same requests from a bare loop stamped where cutover stamps (at the write and at the last byte, undici's dispatcher, a thread doing nothing else) against fresh simulators: the reference, this machine's floor under any client's overhead (it does not parse frames: no TTFT)",
      '',
    );
    const none = ['—', '—', '—', '—'];
    out.push(
      table(
        ['run', 'client', 'latency', 'E2E n', 'E2E p50 ms', 'E2E p99 ms', 'E2E max ms', 'TTFT n', 'TTFT p50 ms', 'TTFT p99 ms', 'TTFT max ms', 'first wave n', 'first wave p50 ms', 'first wave p99 ms', 'first wave max ms'],
        r.overhead.flatMap((x) => {
          const latency = `${x.baseMs} ms ± ${x.jitter * 100} %`;
          return [
            [x.label, 'bare wire-stamped loop (reference)', latency, ...spreadCells(x.reference.e2e), ...none, ...spreadCells(x.reference.firstWaveE2e)],
            [x.label, 'cutover eval', latency, ...spreadCells(x.e2e), ...spreadCells(x.ttft), ...spreadCells(x.firstWaveE2e)],
          ];
        }),
      ),
    );
  }
  const st = r.stalls;
  if (st) {
    out.push(
      '',
      `Machine stalls: a thread spinning on performance.now() for ${(st.spunMs / 1000).toFixed(0)} s with nothing else running lost its core ${st.count} times for ≥ 0.5 ms, ` +
        `${ms(st.totalMs)} ms in all (${(st.count / (st.spunMs / 1000)).toFixed(1)} per second), the longest ${ms(st.longestMs)} ms (on a dedicated core: none; on a shared virtual machine, the virtual CPU taken away, or an interrupt). ` +
        "Any thread waiting for bytes — the client's, the simulator's — is exposed to the same, which is what the reference's tail is made of.",
    );
  }
  if (r.rss) {
    out.push('', 'Peak RSS of the CLI (spawned, each command a fresh process; simulators in their own process, not counted). Per size: `baseline --repeat 10`, then `eval` (repeat 5, loading that baseline), then 8 × `eval --shard i/8` joined by `merge`, then `baseline` again over the stored one (`baseline again`)', '');
    out.push(table(['command', 'samples', 'cases', 'wall s', 'peak RSS MB'], r.rss.map((x) => [x.command, n0(x.samples), n0(x.cases), (x.wallMs / 1000).toFixed(1), x.maxRssMB.toFixed(0)])));
  }
  const d = r.distribution;
  if (d) {
    out.push(
      '',
      `Distribution check (issue 16): ${n0(d.cases)} sampled cases × ${d.samplesPerArm} samples per arm against zero-latency simulators, fastest of 2 runs each: ` +
        `${(d.withMs / 1000).toFixed(1)} s with the check, ${(d.withoutMs / 1000).toFixed(1)} s without (${d.added >= 0 ? '+' : ''}${(d.added * 100).toFixed(1)} %); ` +
        `CPU time of the process (simulators not counted), least of 2: ${(d.withCpuMs / 1000).toFixed(1)} s with, ${(d.withoutCpuMs / 1000).toFixed(1)} s without (${d.cpuAdded >= 0 ? '+' : ''}${(d.cpuAdded * 100).toFixed(1)} %)`,
    );
  }
  out.push('', 'Acceptance', '');
  out.push(table(['criterion', 'value', 'limit', 'met'], r.acceptance.map((a) => [a.criterion, `${a.unit === 'ms' || a.unit === 'MB' ? ms(a.value) : a.value.toFixed(2)} ${a.unit}`, `${a.limit} ${a.unit}`, a.met ? 'yes' : '**no**'])));
  return `${out.join('\n')}\n`;
}
