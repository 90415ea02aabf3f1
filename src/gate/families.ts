/**
 * The whole gate as one multiple-testing family. Each check is a family of hypotheses (per-case
 * latency over every case, the run-level latency test, the pooled error comparison …), already
 * Holm-adjusted within itself. A run fails when any family rejects, so with F families each at
 * alpha an A/A run would fail up to F × alpha of the time — and failures both gateways share
 * (an upstream that errs and stalls for everyone) touch every family at once. So the families'
 * smallest adjusted p-values are Holm-adjusted across the families too (step-down: the most
 * significant family is tested at alpha ÷ F, the next at alpha ÷ (F − 1) …), and a hypothesis
 * rejects only if its family does: the run's false-alarm rate stays at alpha whatever the number
 * of checks (docs/CALIBRATION.md, shared/* and staging/aa). Only families with a hypothesis
 * that can reach alpha count (Tarone), so a check with nothing to test costs no power.
 *
 * Outside: the SLO (an absolute ceiling, not a comparison; it blames the candidate only when the
 * baseline is shown within it), the distribution check (its own pooled permutation test,
 * gate/distribution.ts), similarity (a noise-floor rule, no p-value) and contract cases.
 * Pure: returns new checks.
 */
import { combineVerdicts } from '../score/case.ts';
import { rejudgeCost } from '../score/cost.ts';
import { rejudgeErrors } from '../score/errors.ts';
import { rejudgeFirstAttempt } from '../score/first-attempt.ts';
import { rejudgeLatency } from '../score/latency.ts';
import { rejudgeTokens } from '../score/tokens.ts';
import type { CaseDecision, GateCheck } from './digest.ts';
import { hypotheses, isRejudged } from './digest.ts';
import type { RunCheck } from './types.ts';
import { rejudgeOverallLatency } from './overall.ts';
import { rejudgeOverallRates, withDetectableRate, type OverallErrorsCheck } from './overall-errors.ts';

/** Per-case checks whose criteria the gate adjusts across cases and then across families. */
export const CASE_FAMILIES = ['latency', 'ttft', 'app-latency', 'errors', 'first-attempt', 'cost', 'tokens'] as const;
type CaseFamily = (typeof CASE_FAMILIES)[number];
/** Run-level checks that are families of their own. */
const RUN_FAMILIES = new Set<RunCheck['check']>(['latency', 'ttft', 'app-latency', 'errors', 'first-attempt']);

/** The families a candidate erring more puts signal in: its failures are first-attempt failures too. */
const ERROR_FAMILIES = new Set(['case:errors', 'run:errors', 'case:first-attempt', 'run:first-attempt']);

interface Family {
  id: string;
  /** The family's smallest within-family adjusted p (a valid p for "nothing in it regressed"). */
  p: number;
}

export interface FamilyAdjustment {
  /** How many families had something to test. */
  families: number;
  /** Per family id: Holm multiplier across families and the family's adjusted p. */
  byId: Map<string, { multiplier: number; adjusted: number }>;
}

interface Tested {
  index: number;
  p: number;
}

/** The within-family p (Holm-adjusted over the run already) of a criterion. */
const withinP = (c: { pValue: number; pAdjusted?: number }): number => c.pAdjusted ?? c.pValue;

function caseTested(check: GateCheck): Tested[] {
  if (!isRejudged(check) || check.check === 'distribution') return [];
  const criteria: ReadonlyArray<{ pValue: number; pAdjusted?: number }> = check.metrics.criteria ?? [];
  return hypotheses(check).map((t) => ({ index: t.index, p: withinP(criteria[t.index] as { pValue: number; pAdjusted?: number }) }));
}

function runTested(check: RunCheck): Tested[] {
  if (!RUN_FAMILIES.has(check.check) || check.verdict === 'skipped' || check.verdict === 'not-measured') return [];
  const m = check.metrics as { criterion?: { pValue: number; pAdjusted?: number }; criteria?: Array<{ pValue: number; pAdjusted?: number; minP?: number }>; alpha?: number };
  if (m.criterion !== undefined) return [{ index: 0, p: withinP(m.criterion) }];
  const alpha = m.alpha ?? 0.05;
  return (m.criteria ?? []).flatMap((c, index) => (c.minP === undefined || c.minP < alpha ? [{ index, p: withinP(c) }] : []));
}

/** Holm across families: the multiplier (F − rank) and the step-down adjusted p of each family. */
export function adjustFamilies(families: readonly Family[]): FamilyAdjustment {
  const order = [...families].sort((a, b) => a.p - b.p);
  const byId = new Map<string, { multiplier: number; adjusted: number }>();
  let running = 0;
  order.forEach((f, rank) => {
    const multiplier = order.length - rank;
    running = Math.max(running, Math.min(1, multiplier * f.p));
    byId.set(f.id, { multiplier, adjusted: running });
  });
  return { families: order.length, byId };
}

/** A hypothesis' p across the gate: its within-family p times its family's multiplier, never below the family's adjusted p. */
const across = (p: number, a: { multiplier: number; adjusted: number }): number => Math.min(1, Math.max(p * a.multiplier, a.adjusted));

function rejudgeCase(check: GateCheck, tested: readonly Tested[], a: { multiplier: number; adjusted: number }, families: number): GateCheck {
  if (!isRejudged(check) || check.check === 'distribution') return check;
  const criteria: ReadonlyArray<{ pValue: number; pAdjusted?: number }> = check.metrics.criteria ?? [];
  const ps = criteria.map((c) => withinP(c));
  for (const t of tested) ps[t.index] = across(t.p, a);
  const family = check.metrics.holmFamily ?? tested.length;
  switch (check.check) {
    case 'latency':
    case 'ttft':
    case 'app-latency':
      return rejudgeLatency(check, ps, family, families);
    case 'errors':
      return rejudgeErrors(check, ps, family, families);
    case 'first-attempt':
      return rejudgeFirstAttempt(check, ps, family, families);
    case 'cost':
      return rejudgeCost(check, ps, family, families);
    case 'tokens':
      return rejudgeTokens(check, ps, family, families);
  }
}

function rejudgeRun(check: RunCheck, tested: readonly Tested[], a: { multiplier: number; adjusted: number }, families: number): RunCheck {
  const m = check.metrics as { criterion?: { pValue: number; pAdjusted?: number }; criteria?: Array<{ pValue: number; pAdjusted?: number }> };
  if (m.criterion !== undefined && (check.check === 'latency' || check.check === 'ttft' || check.check === 'app-latency')) {
    return rejudgeOverallLatency(check, across((tested[0] as Tested).p, a), families);
  }
  if (check.check === 'errors' || check.check === 'first-attempt') {
    const ps = (m.criteria ?? []).map((c) => withinP(c));
    for (const t of tested) ps[t.index] = across(t.p, a);
    return rejudgeOverallRates(check, ps, families);
  }
  return check;
}

/**
 * Re-judges every family's hypotheses across the whole gate. `decisions` are the per-case
 * decisions after the within-check Holm step; `overall` the run-level checks.
 */
export function acrossFamilies(decisions: readonly CaseDecision[], overall: readonly RunCheck[]): { decisions: CaseDecision[]; overall: RunCheck[]; families: number } {
  const perCase = decisions.map((d) => d.checks.map((c) => ({ check: c, tested: (CASE_FAMILIES as readonly string[]).includes(c.check) ? caseTested(c) : [] })));
  const perRun = overall.map((o) => ({ check: o, tested: runTested(o) }));
  const families: Family[] = [];
  for (const name of CASE_FAMILIES) {
    const ps = perCase.flatMap((cs) => cs.filter((x) => x.check.check === name).flatMap((x) => x.tested.map((t) => t.p)));
    if (ps.length > 0) families.push({ id: `case:${name}`, p: Math.min(...ps) });
  }
  for (const r of perRun) if (r.tested.length > 0) families.push({ id: `run:${r.check.check}`, p: Math.min(...r.tested.map((t) => t.p)) });
  const adj = adjustFamilies(families);
  // What the run-level error comparison could have detected: a candidate whose requests fail more
  // often adds the error and first-attempt families (per case and run level) to those tested now.
  const errorFamilies = families.filter((f) => ERROR_FAMILIES.has(f.id)).length;
  const sized = (o: RunCheck): RunCheck => (o.check === 'errors' ? withDetectableRate(o as OverallErrorsCheck, adj.families - errorFamilies + ERROR_FAMILIES.size) : o);
  if (adj.families <= 1) return { decisions: [...decisions], overall: overall.map(sized), families: adj.families };
  const newDecisions = perCase.map((cs, i) => {
    const checks = cs.map((x) => {
      const a = adj.byId.get(`case:${x.check.check as CaseFamily}`);
      return a === undefined || x.tested.length === 0 ? x.check : rejudgeCase(x.check, x.tested, a, adj.families);
    });
    const d = decisions[i] as CaseDecision;
    // A case's verdict follows its checks (only re-judged ones changed; the rest stand as decided).
    return { verdict: d.verdict === 'skipped' ? d.verdict : combineVerdicts(checks), checks };
  });
  const newOverall = perRun.map((r) => {
    const a = adj.byId.get(`run:${r.check.check}`);
    return sized(a === undefined || r.tested.length === 0 ? r.check : rejudgeRun(r.check, r.tested, a, adj.families));
  });
  return { decisions: newDecisions, overall: newOverall, families: adj.families };
}
