/**
 * What a command gets from the outside world. Commands never touch process.* directly,
 * so they can be called in-process from tests and from the package API.
 */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress bar vs plain lines). */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: stop sending, write what there is, exit 130. */
  signal: AbortSignal;
}
