/**
 * Samples stream to `samples.jsonl` as they arrive, so a run's raw data survives Ctrl-C and a
 * failed run. Lines are gathered up to FLUSH_CHARS (~30 samples) and written synchronously: a
 * write to the page cache costs a system call (~6 µs here) whatever its size, where a write
 * stream hands every line to a thread-pool thread and back (a thread wake-up per request, on the
 * event loop that times responses). `close` writes the rest; only a process killed outright
 * loses the lines not yet written.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mayNeedRedaction, redact, type Secret } from '../config/secret.ts';
import type { Sample } from './sample.ts';

export interface SampleLog {
  write(s: Sample): void;
  /** Writes what is pending and closes the file; throws the first write error, if any (the run itself goes on). */
  close(): Promise<void>;
}

/** Pending text written once it reaches this many characters (under V8's large-object size even as UTF-16). */
const FLUSH_CHARS = 32 * 1024;

export function openSampleLog(file: string, secrets: readonly Secret[]): SampleLog {
  const fd = openSync(file, 'w');
  let error: Error | null = null;
  let closed = false;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pendingChars === 0) return;
    const line = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingChars = 0;
    try {
      let written = 0;
      while (written < line.length) written += writeSync(fd, line, written, line.length - written);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
  };
  return {
    write(s) {
      if (error !== null || closed) return;
      // Gateways may echo what they were sent; nothing leaves the process unredacted.
      const json = JSON.stringify(s);
      const line = `${mayNeedRedaction(json, secrets) ? redact(json, secrets) : json}\n`;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= FLUSH_CHARS) flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (error === null) flush();
      closeSync(fd);
      if (error) throw error;
    },
  };
}
