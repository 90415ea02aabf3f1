/**
 * One typed error hierarchy (after openai-node's `core/error.ts`): every failure the user
 * can cause or meet has a class, a stable code and an exit code. `cli.ts` is the only place
 * that catches them and turns them into one line of text and an exit code. An error raised
 * because of another keeps it as `cause` (`new X(message, …, { cause })`, as openai-node does),
 * so CUTOVER_DEBUG=1 can show what really happened.
 */

/** Exit codes, decided in one place (DESIGN.md). */
export const EXIT = {
  pass: 0,
  gateFailed: 1,
  usage: 2,
  internal: 3,
  /** `rollout` says hold: not enough traffic or evidence yet — try again later (sysexits EX_TEMPFAIL). */
  hold: 75,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CutoverError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  constructor(code: string, message: string, exitCode: ExitCode = EXIT.usage, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** eval.config.yaml or the environment is wrong (unknown target, missing key variable, …). */
export class ConfigError extends CutoverError {
  constructor(message: string, code = 'config', options?: ErrorOptions) {
    super(code, message, EXIT.usage, options);
  }
}

/** A prompt suite file is wrong (YAML syntax, schema, duplicate ids, …). */
export class SuiteError extends CutoverError {
  constructor(message: string, code = 'suite', options?: ErrorOptions) {
    super(code, message, EXIT.usage, options);
  }
}

/** A baseline file is missing, corrupt, foreign, or would be written over a dirty run. */
export class BaselineError extends CutoverError {
  constructor(message: string, code = 'baseline', options?: ErrorOptions) {
    super(code, message, EXIT.usage, options);
  }
}

/** A gateway could not be used at all (unreachable, catalog not JSON, wrong key on a control route). */
export class GatewayError extends CutoverError {
  constructor(message: string, code = 'gateway', exitCode: ExitCode = EXIT.usage, options?: ErrorOptions) {
    super(code, message, exitCode, options);
  }
}

/** Bad command-line usage (a flag with a wrong value, a missing argument). */
export class UsageError extends CutoverError {
  constructor(message: string, options?: ErrorOptions) {
    super('usage', message, EXIT.usage, options);
  }
}

export function isCutoverError(e: unknown): e is CutoverError {
  return e instanceof CutoverError;
}
