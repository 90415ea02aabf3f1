/**
 * Case assertions (contains / regex / equals / json-schema) on every successful candidate
 * output. The baseline's pass count is reported beside it: an assertion the baseline also
 * breaks points at the assertion, not the gateway.
 */
import { Ajv } from 'ajv';
import type { CheckOf } from '../gate/types.ts';
import type { Sample } from '../run/sample.ts';
import type { Assertion } from '../suite/types.ts';
import { okSamples, outputText } from './output.ts';

/** Empty when there are no assertions or they cannot be compiled. */
export interface AssertionsMetrics {
  assertions?: number;
  candidateOutputs?: number;
  candidateFailures?: number;
  baselineFailures?: number;
}

export type AssertionsCheck = CheckOf<'assertions', AssertionsMetrics>;

type Test = (output: string) => string | null; // null = holds, else why not

function compile(assertion: Assertion, ajv: Ajv): Test {
  switch (assertion.type) {
    case 'contains':
      return (o) => (o.includes(assertion.value) ? null : `does not contain ${JSON.stringify(assertion.value)}`);
    case 'equals':
      return (o) => (o.trim() === assertion.value.trim() ? null : `does not equal ${JSON.stringify(assertion.value)}`);
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(assertion.value, 'u');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return () => `invalid regex ${JSON.stringify(assertion.value)}: ${message}`;
      }
      return (o) => (re.test(o) ? null : `does not match /${assertion.value}/`);
    }
    case 'json-schema': {
      const validate = ajv.compile(assertion.value);
      return (o) => {
        let value: unknown;
        try {
          value = JSON.parse(o) as unknown;
        } catch {
          return 'is not JSON';
        }
        return validate(value) ? null : `violates the JSON schema: ${ajv.errorsText(validate.errors)}`;
      };
    }
  }
}

function failures(samples: readonly Sample[], tests: readonly Test[]): string[] {
  const out: string[] = [];
  for (const s of okSamples(samples)) {
    const text = outputText(s);
    for (const t of tests) {
      const why = t(text);
      if (why !== null) out.push(`repeat ${s.repeat}${s.stream ? ' (stream)' : ''} ${why}`);
    }
  }
  return out;
}

export function assertionsCheck(assertions: readonly Assertion[], baseline: readonly Sample[], candidate: readonly Sample[]): AssertionsCheck {
  if (assertions.length === 0) return { check: 'assertions', verdict: 'skipped', reason: 'No assertions.', metrics: {} };
  // One Ajv per call: compiled schemas are cached per instance and we keep no module state.
  const ajv = new Ajv({ allErrors: false, strict: false });
  let tests: Test[];
  try {
    tests = assertions.map((a) => compile(a, ajv));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { check: 'assertions', verdict: 'fail', reason: `Assertion cannot be compiled: ${message}`, metrics: {} };
  }
  const candOk = okSamples(candidate).length;
  const candFailures = failures(candidate, tests);
  const baseFailures = failures(baseline, tests);
  const metrics: AssertionsMetrics = {
    assertions: assertions.length,
    candidateOutputs: candOk,
    candidateFailures: candFailures.length,
    baselineFailures: baseFailures.length,
  };
  if (candOk === 0) return { check: 'assertions', verdict: 'inconclusive', reason: 'No successful candidate output to check.', metrics };
  if (candFailures.length === 0) {
    return { check: 'assertions', verdict: 'pass', reason: `All ${assertions.length} assertion(s) hold on ${candOk} candidate output(s).`, metrics };
  }
  const baseNote = baseFailures.length > 0 ? ` (the baseline breaks it too: ${baseFailures.length} failure(s))` : '';
  return { check: 'assertions', verdict: 'fail', reason: `Candidate output ${candFailures[0]}${baseNote}.`, metrics };
}
