/**
 * Scored cases go to disk as they complete (JSON Lines) and are read back one at a time, in
 * suite order, while the reports are written: a 2,000-case run never holds 2,000 full results
 * in memory (issue 8). Only a byte range per case stays in memory.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { redactedJson, type Secret } from '../config/secret.ts';
import type { CaseResult } from '../gate/types.ts';
import type { CaseSource } from '../report/types.ts';

interface Entry {
  offset: number;
  bytes: number;
}

export class CaseLog {
  /** Opened on the first case: a run that fails before sending leaves nothing on disk. */
  #fd: number | null = null;
  readonly #secrets: readonly Secret[];
  readonly #index = new Map<string, Entry>();
  #end = 0;
  #closed = false;

  constructor(
    readonly file: string,
    secrets: readonly Secret[],
  ) {
    this.#secrets = secrets;
  }

  #open(): number {
    if (this.#fd === null) {
      this.#fd = openSync(this.file, 'w+');
      // A second Ctrl-C leaves through process.exit, past every finally: the scratch file goes too.
      process.on('exit', this.#onExit);
    }
    return this.#fd;
  }

  readonly #onExit = (): void => {
    rmSync(this.file, { force: true });
  };

  append(result: CaseResult): void {
    // Gateways may echo what they were sent; nothing reaches the disk unredacted. Strings are
    // redacted one by one, so the line always parses back (it is read again for the reports).
    const line = Buffer.from(`${redactedJson(result, this.#secrets)}\n`, 'utf8');
    const fd = this.#open();
    let written = 0;
    while (written < line.length) written += writeSync(fd, line, written, line.length - written, this.#end + written);
    this.#index.set(result.caseId, { offset: this.#end, bytes: line.length - 1 });
    this.#end += line.length;
  }

  read(caseId: string): CaseResult | undefined {
    const entry = this.#index.get(caseId);
    if (entry === undefined || this.#fd === null) return undefined;
    const buf = Buffer.allocUnsafe(entry.bytes);
    let got = 0;
    while (got < entry.bytes) {
      const n = readSync(this.#fd, buf, got, entry.bytes - got, entry.offset + got);
      if (n === 0) throw new Error(`${this.file}: case ${caseId} is cut short`);
      got += n;
    }
    return JSON.parse(buf.toString('utf8')) as CaseResult;
  }

  /**
   * The logged cases in the given order (ids never logged, e.g. after Ctrl-C, are left out), each
   * passed through `map` as it is read. Every pass reads from disk again; nothing is cached.
   */
  source(order: readonly string[], map: (full: CaseResult) => CaseResult = (c) => c): CaseSource {
    const ids = order.filter((id) => this.#index.has(id));
    const at = (index: number): CaseResult | undefined => {
      const id = ids.at(index);
      const full = id === undefined ? undefined : this.read(id);
      return full === undefined ? undefined : map(full);
    };
    return {
      length: ids.length,
      at,
      *[Symbol.iterator]() {
        for (let i = 0; i < ids.length; i++) yield at(i) as CaseResult;
      },
    };
  }

  /** Closes and deletes the file: it is scratch space, the reports are the record. */
  remove(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#fd === null) return;
    closeSync(this.#fd);
    process.off('exit', this.#onExit);
    rmSync(this.file, { force: true });
  }
}
