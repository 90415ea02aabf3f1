/**
 * Timing resolution: the measuring process reads every response; when the machine it runs on is
 * busy, its event loop reads some of them late, by up to its event-loop delay — tens of
 * milliseconds on an overloaded CI box. Requests in flight together (a case's repeats, both
 * arms) are hit together, so such stalls are not independent noise and the tests cannot tell
 * them from the gateway. A latency failure whose difference (candidate − baseline at the failing
 * quantile, in ms) is no larger than the 90th percentile of the event-loop delay measured during
 * the run (run/execute.ts) is
 * therefore not attributed to the gateway: it passes, named, with the resolution and what to do
 * (rerun on a quieter machine). On a quiet machine the resolution is a millisecond or two and
 * changes nothing; against real gateways (hundreds of ms and up) it rarely matters.
 * Pure: returns new checks.
 */
import { combineVerdicts } from '../score/case.ts';
import type { Criterion } from '../score/latency-rule.ts';
import type { LatencyMetrics } from '../score/latency.ts';
import { median } from '../score/stats.ts';
import type { CaseDecision, GateCheck } from './digest.ts';
import { isRejudged } from './digest.ts';
import type { OverallLatencyCheck } from './overall.ts';
import type { RunCheck } from './types.ts';

const LATENCY = new Set(['latency', 'ttft', 'app-latency']);

function quantileMs(m: LatencyMetrics, q: Criterion['quantile']): [number | null | undefined, number | null | undefined] {
  if (q === 'p50') return [m.baselineP50, m.candidateP50];
  if (q === 'p95') return [m.baselineP95, m.candidateP95];
  return [m.baselineP99, m.candidateP99];
}

const failing = (c: Criterion, alpha: number): boolean => (c.pAdjusted ?? c.pValue) < alpha && c.upper >= 1 + c.limit;

function note(diffMs: number, resolutionMs: number): string {
  return `slower by ${diffMs.toFixed(1)} ms, within this run's timing resolution (the measuring process's event loop was delayed by up to ${resolutionMs.toFixed(1)} ms for 9 responses in 10): not attributed to the gateway — rerun on a quieter machine to tell`;
}

function caseCheck(check: GateCheck, resolutionMs: number): GateCheck {
  if (check.verdict !== 'fail' || !LATENCY.has(check.check) || !isRejudged(check)) return check;
  const m = check.metrics as LatencyMetrics;
  const alpha = m.alpha ?? 0.05;
  const diffs = (m.criteria ?? []).filter((c) => failing(c, alpha)).map((c) => {
    const [b, cand] = quantileMs(m, c.quantile);
    return b === null || b === undefined || cand === null || cand === undefined ? Number.POSITIVE_INFINITY : cand - b;
  });
  if (diffs.length === 0 || Math.max(...diffs) > resolutionMs) return check;
  return { ...check, verdict: 'pass', reason: `${check.reason.replace(/ regressed: /, ' looks slower: ').replace(/\.$/, '')} — ${note(Math.max(...diffs), resolutionMs)}.` } as GateCheck;
}

function runCheck(check: RunCheck, cases: readonly CaseDecision[], resolutionMs: number): RunCheck {
  if (check.verdict !== 'fail' || !LATENCY.has(check.check)) return check;
  const o = check as OverallLatencyCheck;
  const ratio = o.metrics.criterion?.ratio;
  if (ratio === undefined) return check;
  // The run-level difference at the cases' typical p50.
  const p50s: number[] = [];
  for (const d of cases) {
    for (const c of d.checks) {
      if (c.check !== check.check || !isRejudged(c)) continue;
      const b = (c.metrics as LatencyMetrics).baselineP50;
      if (typeof b === 'number') p50s.push(b);
    }
  }
  const typical = median(p50s);
  if (typical === null) return check;
  const diffMs = (ratio - 1) * typical;
  if (diffMs > resolutionMs) return check;
  return { ...o, verdict: 'pass', reason: `${o.reason.replace(/ regressed: /, ' looks slower: ').replace(/\.$/, '')} — ${note(diffMs, resolutionMs)}.` } as RunCheck;
}

export function withinResolution(decisions: readonly CaseDecision[], overall: readonly RunCheck[], resolutionMs: number | undefined): { decisions: CaseDecision[]; overall: RunCheck[] } {
  if (resolutionMs === undefined || resolutionMs <= 0) return { decisions: [...decisions], overall: [...overall] };
  const newDecisions = decisions.map((d) => {
    const checks = d.checks.map((c) => caseCheck(c, resolutionMs));
    return checks.every((c, i) => c === d.checks[i]) ? d : { verdict: combineVerdicts(checks), checks };
  });
  return { decisions: newDecisions, overall: overall.map((o) => runCheck(o, decisions, resolutionMs)) };
}
