/** The rollout answer as text for a terminal or CI log, and as JSON for machines. */
import type { CanaryMetricsFile } from '../canary/format.ts';
import type { RolloutResult } from './decide.ts';

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

export function renderRollout(result: RolloutResult, m: CanaryMetricsFile): string {
  const lines = [`cutover rollout: ${result.decision.toUpperCase()}`];
  for (const r of result.reasons) lines.push(`  - ${r}`);
  const shown = new Set(result.reasons);
  for (const c of result.checks) if (!shown.has(c.reason)) lines.push(`    ${c.reason}`);
  const { baseline, candidate, minimum } = result.requests;
  lines.push(`  requests: baseline ${baseline}, candidate ${candidate} (minimum ${minimum} per arm)${m.from && m.to ? `, ${m.from} … ${m.to}` : ''}`);
  lines.push(`  ${costLine(m)}`);
  return `${lines.join('\n')}\n`;
}

export function rolloutJson(result: RolloutResult, m: CanaryMetricsFile): string {
  return `${JSON.stringify({ decision: result.decision, reasons: result.reasons, requests: result.requests, window: { from: m.from, to: m.to }, checks: result.checks })}\n`;
}
