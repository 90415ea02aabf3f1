/**
 * Scored cases go to disk as they complete (JSON Lines) and are read back one at a time, in
 * suite order, while the reports are written: a 2,000-case run never holds 2,000 full results
 * in memory (issue 8). Only a byte range per case stays in memory — and, up to a fixed budget,
 * the cases themselves: the reporters read every case about nine times, and parsing a case back
 * costs more than keeping a few thousand of them (issue 19). Beyond the budget, cases are read
 * from disk on every pass, and a log of more than twice the budget keeps none (CACHE_DROP_FACTOR).
 * The same log holds the cases `baseline` records.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { redactJson, type Secret } from '../config/secret.ts';
import type { CaseResult } from '../gate/types.ts';

interface Entry {
  offset: number;
  bytes: number;
}

/** JSON text of the cases kept in memory, at most: a few thousand ordinary cases. */
export const CASE_CACHE_BYTES = 4 * 1024 * 1024;
/**
 * A log holding more than this many times CASE_CACHE_BYTES keeps no case in memory: the cache
 * would serve under half of each pass (a 10,000-case eval: 13 %) for its whole budget (~16 MB of
 * heap), and the heap of a large run stays closer to flat.
 */
export const CACHE_DROP_FACTOR = 2;

/** The logged cases in a given order: `length`, `at(i)` and any number of passes (a CaseSource). */
export interface LoggedCases<T> extends Iterable<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

export class CaseLog<T extends { caseId: string } = CaseResult> {
  /** Opened on the first case: a run that fails before sending leaves nothing on disk. */
  #fd: number | null = null;
  readonly #secrets: readonly Secret[];
  readonly #index = new Map<string, Entry>();
  readonly #cache = new Map<string, T>();
  readonly #cacheBytes: number;
  #cached = 0;
  #end = 0;
  #closed = false;

  constructor(
    readonly file: string,
    secrets: readonly Secret[],
    opts: { cacheBytes?: number } = {},
  ) {
    this.#secrets = secrets;
    this.#cacheBytes = opts.cacheBytes ?? CASE_CACHE_BYTES;
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

  /** Logs a case. The log may keep `result` itself: do not change it afterwards. */
  append(result: T): void {
    const { json, redacted } = this.#write(result);
    // Once the cache could serve fewer than half the cases of a pass, it holds its whole budget in
    // memory for less than half its saving: a large run reads every case from disk instead.
    if (this.#end > CACHE_DROP_FACTOR * this.#cacheBytes) this.#cache.clear();
    // Kept as given only when nothing in it needed redacting (then it equals what reading it back gives).
    else if (!redacted && this.#cached + json.length <= this.#cacheBytes) {
      this.#cache.set(result.caseId, result);
      this.#cached += json.length;
    }
  }

  /** Writes a case at the end of the file; reading its id gives this line from now on. */
  #write(result: T): { json: string; redacted: boolean } {
    // Gateways may echo what they were sent; nothing reaches the disk unredacted. Strings are
    // redacted one by one, so the line always parses back (it is read again for the reports).
    const { json, redacted } = redactJson(result, this.#secrets);
    const line = Buffer.from(`${json}\n`, 'utf8');
    const fd = this.#open();
    let written = 0;
    while (written < line.length) written += writeSync(fd, line, written, line.length - written, this.#end + written);
    this.#index.set(result.caseId, { offset: this.#end, bytes: line.length - 1 });
    this.#end += line.length;
    return { json, redacted };
  }

  read(caseId: string): T | undefined {
    const hit = this.#cache.get(caseId);
    if (hit !== undefined) return hit;
    const entry = this.#index.get(caseId);
    if (entry === undefined || this.#fd === null) return undefined;
    const buf = Buffer.allocUnsafe(entry.bytes);
    let got = 0;
    while (got < entry.bytes) {
      const n = readSync(this.#fd, buf, got, entry.bytes - got, entry.offset + got);
      if (n === 0) throw new Error(`${this.file}: case ${caseId} is cut short`);
      got += n;
    }
    return JSON.parse(buf.toString('utf8')) as T;
  }

  /**
   * Replaces each logged case by `map(case, index)`, in the given order (ids never logged are
   * skipped, their index too), so that what went into the change (the gate's decisions) need not
   * stay in memory for the report passes. A case kept in memory is replaced there; any other is
   * logged anew at the end of the file (its old line is never read again).
   */
  rewrite(order: readonly string[], map: (full: T, index: number) => T): void {
    order.forEach((id, index) => {
      const full = this.read(id);
      if (full === undefined) return;
      const next = map(full, index);
      // The cache holds only cases with nothing to redact, and the change comes from the same case.
      if (this.#cache.has(id)) this.#cache.set(id, next);
      else this.#write(next);
    });
  }

  /**
   * The logged cases in the given order (ids never logged, e.g. after Ctrl-C, are left out), each
   * passed through `map` as it is read. Cases beyond the memory budget are read from disk on every pass.
   */
  source(order: readonly string[], map: (full: T) => T = (c) => c): LoggedCases<T> {
    const ids = order.filter((id) => this.#index.has(id));
    const at = (index: number): T | undefined => {
      const id = ids.at(index);
      const full = id === undefined ? undefined : this.read(id);
      return full === undefined ? undefined : map(full);
    };
    return {
      length: ids.length,
      at,
      *[Symbol.iterator]() {
        for (let i = 0; i < ids.length; i++) yield at(i) as T;
      },
    };
  }

  /** Closes and deletes the file: it is scratch space, the reports are the record. */
  remove(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.clear();
    if (this.#fd === null) return;
    closeSync(this.#fd);
    process.off('exit', this.#onExit);
    rmSync(this.file, { force: true });
  }
}
