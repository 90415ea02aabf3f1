/** Issue 19's goals (and issue 8's micro-benchmark limits) as rows: criterion, value, limit, met. */
import type { DistributionCostRow } from './distribution.ts';
import type { ThroughputRow } from './e2e.ts';
import type { MicroRow } from './micro.ts';
import type { OverheadRow, Stalls } from './overhead.ts';
import type { RssRow } from './rss.ts';
import type { StartupRow } from './startup.ts';

export interface Acceptance {
  criterion: string;
  value: number;
  unit: string;
  /** `≤ 3` / `≥ 0.6`: the limit the value is held to. */
  limit: string;
  met: boolean;
}

export interface Measured {
  micro?: MicroRow[] | undefined;
  startup?: { version: StartupRow; freshCheck: StartupRow } | undefined;
  throughput?: ThroughputRow[] | undefined;
  overhead?: OverheadRow[] | undefined;
  stalls?: Stalls | undefined;
  rss?: RssRow[] | undefined;
  distribution?: DistributionCostRow | undefined;
}

const atMost = (criterion: string, value: number, unit: string, limit: number): Acceptance => ({ criterion, value, unit, limit: `≤ ${limit}`, met: value <= limit });
const atLeast = (criterion: string, value: number, unit: string, limit: number): Acceptance => ({ criterion, value, unit, limit: `≥ ${limit}`, met: value >= limit });
const rowName = (r: ThroughputRow) => `c${r.concurrency} ${r.stream ? 'streamed' : 'non-streamed'}`;

/** Only what was measured in this run gets a row (`--only` runs give a partial table). */
export function acceptanceOf(m: Measured, names: { similarity40k: string; percentiles100k: string }): Acceptance[] {
  const out: Acceptance[] = [];
  const [c1, c64] = m.overhead ?? [];
  if (c1) out.push(atMost('timing overhead (measured E2E − simulator E2E), p99, concurrency 1', c1.e2e.p99Ms, 'ms', 1));
  if (c64) out.push(atMost('timing overhead (measured E2E − simulator E2E), p99, concurrency 64, burst of 128 starts', c64.e2e.p99Ms, 'ms', 3));
  for (const r of m.throughput ?? []) out.push(atMost(`CPU per request, pipeline ÷ plain SDK loop on the same transport, ${rowName(r)}`, r.ratios.cpuPipelineVsSdk, '×', 1.05));
  for (const r of m.throughput ?? []) out.push(atLeast(`throughput, pipeline ÷ bare undici.request loop, ${rowName(r)}`, r.ratios.pipelineVsUndici, '×', 0.6));
  if (m.startup) {
    out.push(atMost('start-up: `cutover --version` above `node -e 0` (median)', m.startup.version.aboveMs, 'ms', 150));
    out.push(atMost('`npm run eval` freshness check of dist/ (nothing to rebuild), above running the CLI directly (median)', m.startup.freshCheck.aboveMs, 'ms', 50));
  }
  const rss = m.rss ?? [];
  const sizes = [...new Set(rss.map((r) => r.samples))].sort((a, b) => a - b);
  const [small, big] = [sizes[0], sizes.at(-1)];
  if (small !== undefined && big !== undefined && big > small) {
    for (const command of ['eval', 'merge', 'baseline', 'baseline again'] as const) {
      const s = rss.find((r) => r.command === command && r.samples === small);
      const b = rss.find((r) => r.command === command && r.samples === big);
      if (!s || !b) continue;
      out.push(atMost(`peak RSS, ${command} of ${big.toLocaleString('en-US')} samples`, b.maxRssMB, 'MB', 200));
      out.push(atMost(`peak RSS, ${command}: ${big.toLocaleString('en-US')} ÷ ${small.toLocaleString('en-US')} samples`, b.maxRssMB / s.maxRssMB, '×', 1.3));
    }
  }
  const micro = (prefix: string) => m.micro?.find((r) => r.name.startsWith(prefix));
  const sim = micro(names.similarity40k);
  if (sim) out.push(atMost(`${sim.name}, mean`, sim.meanMs, 'ms', 200));
  const pct = micro(names.percentiles100k);
  if (pct) out.push(atMost(`${pct.name}, mean`, pct.meanMs, 'ms', 50));
  const d = m.distribution;
  if (d) out.push(atMost(`distribution check: wall time added to ${d.cases.toLocaleString('en-US')} sampled cases × ${d.samplesPerArm} samples (issue 16)`, d.added * 100, '%', 10));
  return out;
}
