/**
 * Streaming: candidate streams must be complete by content (finish_reason and/or usage, not
 * [DONE]) and free of truncation and error frames; for deterministic cases (temperature 0 or
 * a seed) the streamed text must equal the non-streamed text of the same gateway, unless the
 * baseline itself does not manage that (then it is a finding about the model, not a failure).
 * When the baseline's own streams broke, the check is inconclusive: a complete candidate stream
 * is said, but nothing was measured to pass it against.
 */
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { PromptCase } from '../suite/types.ts';
import { okSamples } from './output.ts';

/** Empty when the case is not streamed. */
export interface StreamMetrics {
  candidateStreamProblems?: number;
  baselineStreamProblems?: number;
  deterministic?: boolean;
  candidateStreamedEqualsPlain?: boolean | null;
  baselineStreamedEqualsPlain?: boolean | null;
}

export type StreamCheck = CheckOf<'stream', StreamMetrics>;

export function isDeterministic(testCase: PromptCase): boolean {
  return testCase.params.temperature === 0 || testCase.params.seed !== undefined;
}

function streamProblems(samples: readonly Sample[]): string[] {
  const out: string[] = [];
  for (const s of samples) {
    if (!s.stream) continue;
    if (s.kind === 'error' && (s.error.kind === 'truncated-stream' || s.error.kind === 'stream-error' || s.error.kind === 'malformed-response')) {
      out.push(`repeat ${s.repeat}: ${s.error.kind}${s.error.requestId === null ? '' : ` (request ${s.error.requestId})`}`);
    } else if (s.kind === 'ok' && s.streamInfo?.completeBy === 'none') {
      out.push(`repeat ${s.repeat}: ended without finish_reason or usage`);
    }
  }
  return out;
}

/** Whether the streamed texts equal the (first) non-streamed text; null when there is nothing to compare. */
function streamedMatches(samples: readonly Sample[]): boolean | null {
  const ok = okSamples(samples);
  const plain = ok.filter((s) => !s.stream).sort((a, b) => a.repeat - b.repeat)[0];
  const streamed = ok.filter((s) => s.stream);
  if (plain === undefined || streamed.length === 0) return null;
  return streamed.every((s) => s.text === plain.text);
}

export function streamCheck(testCase: PromptCase, baseline: readonly Sample[], candidate: readonly Sample[]): { check: StreamCheck; findings: string[] } {
  const findings: string[] = [];
  if (!testCase.streamModes.includes(true)) {
    return { check: { check: 'stream', verdict: 'skipped', reason: 'Case is not streamed.', metrics: {} }, findings };
  }
  const candGateway = candidate[0]?.gateway ?? 'candidate';
  const baseGateway = baseline[0]?.gateway ?? 'baseline';
  const candProblems = streamProblems(candidate);
  const baseProblems = streamProblems(baseline);
  if (baseProblems.length > 0) findings.push(`${baseGateway} stream problems: ${baseProblems.join('; ')}`);
  for (const s of okSamples(candidate)) {
    if (s.stream && s.streamInfo !== undefined && s.streamInfo.usageFrames === 0) {
      findings.push(`${candGateway} sent no usage in the stream`);
      break;
    }
  }
  const deterministic = isDeterministic(testCase) && testCase.streamModes.includes(false);
  const candMatch = deterministic ? streamedMatches(candidate) : null;
  const baseMatch = deterministic ? streamedMatches(baseline) : null;
  const metrics: StreamMetrics = {
    candidateStreamProblems: candProblems.length,
    baselineStreamProblems: baseProblems.length,
    deterministic,
    candidateStreamedEqualsPlain: candMatch,
    baselineStreamedEqualsPlain: baseMatch,
  };
  if (candProblems.length > 0) {
    return { check: { check: 'stream', verdict: 'fail', reason: `${candGateway} streams broken: ${candProblems.join('; ')}.`, metrics }, findings };
  }
  if (candMatch === false && baseMatch === false) {
    findings.push(`streamed text differs from non-streamed text on both gateways (model not deterministic)`);
  } else if (candMatch === false && baseMatch === null) {
    // Without the baseline's streams there is no telling a non-deterministic model from a broken stream.
    return {
      check: { check: 'stream', verdict: 'inconclusive', reason: `${candGateway} streamed text differs from its non-streamed text, and ${baseGateway} has no complete streams to show whether the model is deterministic.`, metrics },
      findings,
    };
  } else if (candMatch === false) {
    return {
      check: { check: 'stream', verdict: 'fail', reason: `${candGateway} streamed text differs from its non-streamed text (deterministic case; ${baseGateway}'s match).`, metrics },
      findings,
    };
  }
  // Broken baseline streams leave nothing sound to compare the candidate's against: never a pass.
  if (baseProblems.length > 0) {
    const listed = `${baseProblems.slice(0, 3).join('; ')}${baseProblems.length > 3 ? '; …' : ''}`;
    const reason = `${candGateway} streams complete${candMatch === true ? ' and consistent' : ''}, but ${baseGateway} streams were not (${baseProblems.length}: ${listed}), so there is no sound baseline to compare them with.`;
    return { check: { check: 'stream', verdict: 'inconclusive', reason, metrics }, findings };
  }
  return { check: { check: 'stream', verdict: 'pass', reason: 'Streams complete and consistent.', metrics }, findings };
}
