/** Samples stream to `samples.jsonl` as they arrive, so a run's raw data survives a crash or Ctrl-C. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { redact, type Secret } from '../config/secret.ts';
import type { Sample } from './sample.ts';

export interface SampleLog {
  write(s: Sample): void;
  close(): Promise<void>;
}

export function openSampleLog(file: string, secrets: readonly Secret[]): SampleLog {
  const out: WriteStream = createWriteStream(file, { flags: 'w' });
  let error: Error | null = null;
  out.on('error', (e) => {
    error = e;
  });
  return {
    write(s) {
      // Gateways may echo what they were sent; nothing leaves the process unredacted.
      out.write(`${redact(JSON.stringify(s), secrets)}\n`);
    },
    async close() {
      out.end();
      if (!out.closed) await once(out, 'close');
      if (error) throw error;
    },
  };
}
