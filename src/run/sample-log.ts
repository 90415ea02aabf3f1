/**
 * Samples stream to `samples.jsonl` as they arrive, so a run's raw data survives a crash or Ctrl-C.
 * Writes are synchronous: a small write to the page cache costs microseconds, where a write stream
 * hands every line to a thread-pool thread and back (a thread wake-up per request, on the event
 * loop that times responses). The lines of the samples that complete in one turn of the event loop
 * go out in one write at the end of that turn (every line on its own cost 4–12 µs of CPU here, a
 * batch ~1 µs a line), or as soon as 64 KB are waiting; `close()` and the process's exit write what
 * is left, so only a process killed outright (SIGKILL, out of memory) can lose a turn's samples.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mayNeedRedaction, redact, type Secret } from '../config/secret.ts';
import type { Sample } from './sample.ts';

export interface SampleLog {
  write(s: Sample): void;
  /** Closes the file; throws the first write error, if any (the run itself goes on). */
  close(): Promise<void>;
}

/** Waiting lines are written once they reach this many bytes, whatever the turn. */
const FLUSH_BYTES = 64 * 1024;

export function openSampleLog(file: string, secrets: readonly Secret[]): SampleLog {
  const fd = openSync(file, 'w');
  let error: Error | null = null;
  let closed = false;
  let waiting: string[] = [];
  let waitingBytes = 0;
  let scheduled: NodeJS.Immediate | null = null;
  const flush = () => {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
    if (waiting.length === 0) return;
    const bytes = Buffer.from(waiting.join(''), 'utf8');
    waiting = [];
    waitingBytes = 0;
    if (error !== null) return;
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
  };
  process.on('exit', flush);
  return {
    write(s) {
      if (error !== null || closed) return;
      // Gateways may echo what they were sent; nothing leaves the process unredacted.
      const json = JSON.stringify(s);
      const line = `${mayNeedRedaction(json, secrets) ? redact(json, secrets) : json}\n`;
      waiting.push(line);
      waitingBytes += line.length;
      if (waitingBytes >= FLUSH_BYTES) flush();
      else scheduled ??= setImmediate(flush);
    },
    async close() {
      if (closed) return;
      flush();
      closed = true;
      process.off('exit', flush);
      closeSync(fd);
      if (error) throw error;
    },
  };
}
