/**
 * Feature parity: request features (tools, response_format, array content …) must be
 * honoured by both gateways alike. Evidence comes from sample findings named
 * `<feature>-dropped | -ignored | -unsupported | -rejected` (set by the runner), and from
 * outputs: tools requested and only one gateway answering with tool calls, or JSON
 * requested and only one gateway answering with JSON. Seen on one gateway only → fail.
 */
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import { okSamples } from './output.ts';

export interface FeaturesMetrics {
  /** Feature findings seen on each side, space-separated. */
  baselineFindings: string;
  candidateFindings: string;
}

export type FeaturesCheck = CheckOf<'features', FeaturesMetrics>;

export const FEATURE_FINDING = /-(dropped|ignored|unsupported|rejected)$/u;

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function observed(testCase: PromptCase, samples: readonly Sample[]): Set<string> {
  const ok = okSamples(samples);
  const out = new Set<string>();
  for (const s of ok) for (const f of s.findings) if (FEATURE_FINDING.test(f)) out.add(f);
  if (ok.length === 0) return out;
  if (testCase.params.tools !== undefined && testCase.params.tools.length > 0 && ok.every((s) => s.toolCalls.length === 0)) {
    out.add('tools-ignored');
  }
  const format = testCase.params.response_format?.['type'];
  if ((format === 'json_object' || format === 'json_schema') && ok.every((s) => !parsesAsJson(s.text))) {
    out.add('response-format-ignored');
  }
  return out;
}

/** The requested features these samples show ignored, dropped or rejected (`tools-ignored` …). */
export function ignoredFeatures(testCase: PromptCase, samples: readonly Sample[]): string[] {
  return [...observed(testCase, samples)].sort();
}

export function featuresCheck(testCase: PromptCase, baseline: readonly Sample[], candidate: readonly Sample[]): { check: FeaturesCheck; findings: string[] } {
  const baseName = baseline[0]?.gateway ?? 'baseline';
  const candName = candidate[0]?.gateway ?? 'candidate';
  const base = observed(testCase, baseline);
  const cand = observed(testCase, candidate);
  const onlyBase = [...base].filter((f) => !cand.has(f));
  const onlyCand = [...cand].filter((f) => !base.has(f));
  const both = [...base].filter((f) => cand.has(f));
  const findings = [
    ...onlyBase.map((f) => `${f} on ${baseName} only`),
    ...onlyCand.map((f) => `${f} on ${candName} only`),
    ...both.map((f) => `${f} on both gateways`),
  ];
  const metrics: FeaturesMetrics = { baselineFindings: [...base].join(' '), candidateFindings: [...cand].join(' ') };
  if (onlyBase.length + onlyCand.length > 0) {
    return { check: { check: 'features', verdict: 'fail', reason: `Feature handled differently: ${findings.join('; ')}.`, metrics }, findings };
  }
  const reason = both.length > 0 ? `Both gateways alike (${both.join(', ')} on both).` : 'Requested features honoured alike.';
  return { check: { check: 'features', verdict: 'pass', reason, metrics }, findings };
}
