/**
 * Samples stream to `samples.jsonl` as they arrive, so a run's raw data survives a crash or Ctrl-C.
 * Each line is written synchronously: a small write to the page cache costs microseconds, where a
 * write stream hands every line to a thread-pool thread and back (a thread wake-up per request,
 * on the event loop that times responses).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mayNeedRedaction, redact, type Secret } from '../config/secret.ts';
import type { Sample } from './sample.ts';

export interface SampleLog {
  write(s: Sample): void;
  /** Closes the file; throws the first write error, if any (the run itself goes on). */
  close(): Promise<void>;
}

export function openSampleLog(file: string, secrets: readonly Secret[]): SampleLog {
  const fd = openSync(file, 'w');
  let error: Error | null = null;
  let closed = false;
  return {
    write(s) {
      if (error !== null || closed) return;
      // Gateways may echo what they were sent; nothing leaves the process unredacted.
      const json = JSON.stringify(s);
      const line = Buffer.from(`${mayNeedRedaction(json, secrets) ? redact(json, secrets) : json}\n`, 'utf8');
      try {
        let written = 0;
        while (written < line.length) written += writeSync(fd, line, written, line.length - written);
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (error) throw error;
    },
  };
}
