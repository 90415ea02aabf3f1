#!/usr/bin/env node
/**
 * The command line: argument parsing → one call per command → one exit code.
 * This is the only place that catches errors and the only place that calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, isCutoverError, type ExitCode } from './errors.ts';
import { redact, Secret } from './config/secret.ts';
import { commandsFor, interruptNote } from './commands/index.ts';
import type { CommandIO } from './commands/context.ts';
import { VERSION } from './version.ts';
import { boundHeapGrowth } from './util/heap.ts';

/** Secrets seen by this process, so any text leaving through the top-level catch is redacted. */
const knownSecrets = (env: NodeJS.ProcessEnv): Secret[] =>
  Object.entries(env)
    .filter(([k, v]) => /(_API_KEY|_TOKEN|_SECRET)$/.test(k) && typeof v === 'string' && v.length >= 8)
    .map(([, v]) => new Secret(v as string));

export async function main(argv: string[], io: CommandIO): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.pass;
  const program = new Command()
    .name('cutover')
    .description('Replay golden prompts against two OpenAI-compatible gateways and gate the cutover on the result.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const registers = await Promise.all(commandsFor(argv).map((c) => c.load()));
  for (const register of registers) {
    register(program, io, (code) => {
      exitCode = code;
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? EXIT.pass : EXIT.usage;
    }
    throw e;
  }
}

/** `caused by: …` lines for an error's `cause` chain (what a wrapped error kept), for CUTOVER_DEBUG=1. */
function causeChain(e: Error): string {
  let out = '';
  let cause: unknown = e.cause;
  for (let depth = 0; depth < 8 && cause !== undefined; depth++) {
    out += `  caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}\n`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}

async function run(): Promise<void> {
  boundHeapGrowth(process.execArgv, process.env['NODE_OPTIONS']);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted); // second Ctrl-C: leave at once
    process.stderr.write(`\n${sig}: ${interruptNote(process.argv.slice(2))}\n`);
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const secrets = knownSecrets(process.env);
  const io: CommandIO = {
    stdout: (t) => process.stdout.write(redact(t, secrets)),
    stderr: (t) => process.stderr.write(redact(t, secrets)),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  let code: ExitCode;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (e) {
    if (isCutoverError(e)) {
      io.stderr(`cutover: ${e.message}\n`);
      if (io.env['CUTOVER_DEBUG'] === '1') io.stderr(causeChain(e));
      code = e.exitCode;
    } else {
      const msg = e instanceof Error ? e.message : String(e);
      io.stderr(`cutover: internal error: ${msg}\n(this is a bug in cutover; rerun with CUTOVER_DEBUG=1 for a stack trace)\n`);
      if (io.env['CUTOVER_DEBUG'] === '1' && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
      code = EXIT.internal;
    }
  }
  process.exitCode = code;
  // Let stdout drain, then leave even if a stray handle (a socket in keep-alive) is still open.
  setTimeout(() => process.exit(code), 50).unref();
}

await run();
