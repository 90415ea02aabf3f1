/** The rollout answer as text for a terminal or CI log, and as JSON for machines. */
import type { CanaryMetricsFile } from '../canary/format.ts';
import type { RolloutAnalysis } from './analysis.ts';
import { formatDuration } from './series.ts';

const usd = (nanos: number): string => `$${(nanos / 1e9).toFixed(6)}`;

function costLine(m: CanaryMetricsFile): string {
  const per = (arm: 'baseline' | 'candidate'): string => {
    const a = m.arms[arm];
    if (a.costedRequests === 0) return `${arm} unknown`;
    const known = a.costedRequests < a.requests - a.errors ? ` (${a.costedRequests} of ${a.requests - a.errors} calls priced)` : '';
    return `${arm} ${usd(a.costNanos / a.costedRequests)}/request${known}`;
  };
  return `cost (reported by the gateway, not gated): ${per('baseline')}, ${per('candidate')}`;
}

function windowLine(a: RolloutAnalysis, m: CanaryMetricsFile): string {
  const o = a.observed;
  const seen = o.from && o.to ? `${formatDuration(o.ms)} of candidate traffic, ${o.from} … ${o.to}` : 'no candidate traffic';
  const rule = o.minimumMs === null ? 'no --min-window set' : o.longEnough ? `long enough for --min-window ${formatDuration(o.minimumMs)}` : `short of --min-window ${formatDuration(o.minimumMs)}`;
  const axis = a.series.pointMs === null && m.bucketMs === null ? '; no time axis (version-1 metrics)' : '';
  return `window: ${seen} (${rule})${axis}`;
}

export function renderRollout(a: RolloutAnalysis, m: CanaryMetricsFile): string {
  const { result } = a;
  const lines = [`cutover rollout: ${result.decision.toUpperCase()}`];
  for (const r of result.reasons) lines.push(`  - ${r}`);
  const shown = new Set(result.reasons);
  for (const c of result.checks) if (!shown.has(c.reason)) lines.push(`    ${c.reason}`);
  const { baseline, candidate, minimum } = result.requests;
  lines.push(`  requests: baseline ${baseline}, candidate ${candidate} (minimum ${minimum} per arm)`);
  lines.push(`  ${windowLine(a, m)}`);
  lines.push(`  ${costLine(m)}`);
  return `${lines.join('\n')}\n`;
}

export function rolloutJson(a: RolloutAnalysis, m: CanaryMetricsFile): string {
  const { result, observed } = a;
  const windows = a.windows.map((w) => ({ signal: w.signal, from: new Date(w.start).toISOString(), to: new Date(w.end).toISOString(), ongoing: w.ongoing, inside: w.inside, outside: w.outside }));
  return `${JSON.stringify({
    decision: result.decision,
    reasons: result.reasons,
    requests: result.requests,
    window: { from: m.from, to: m.to },
    observed: { from: observed.from, to: observed.to, ms: observed.ms, minimumMs: observed.minimumMs, longEnough: observed.longEnough },
    degradation: windows,
    checks: result.checks,
  })}\n`;
}
