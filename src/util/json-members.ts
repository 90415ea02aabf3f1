/**
 * Reads a big JSON file one member at a time. The file is one object; one of its fields (say
 * `cases`) holds an object or array too large to parse whole. scanJsonFile streams over the bytes
 * (a fixed-size buffer, never the whole file) and reports the byte range of every top-level field
 * and of every member of that one field; each range parses on its own with JSON.parse. Callers
 * keep the ranges and read a member back when they need it (readRange).
 *
 * Only structure is tracked (strings, escapes, nesting), which is all the byte ranges need: it is
 * not a validator. A malformed file gives ranges that fail to parse, or `complete: false`.
 * Multi-byte UTF-8 never contains the ASCII bytes looked at here, so bytes are scanned as is.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ByteRange {
  start: number;
  /** Exclusive; the range may end in whitespace. */
  end: number;
}

export interface Member extends ByteRange {
  /** The member's key in an object, its index in an array. */
  key: string | number;
}

export interface JsonScan {
  /** Every top-level field except the members' one, with its value's range. */
  fields: Map<string, ByteRange>;
  /** Whether the field holding the members was found (an object or array). */
  found: boolean;
  /** What that field holds: members of an object (keys) or of an array (indices). */
  container: 'object' | 'array' | null;
  /** The file was one complete JSON object (every bracket and string closed). */
  complete: boolean;
}

interface Frame {
  array: boolean;
  /** In an object, the next string is a key. */
  expectKey: boolean;
  key: string | number | null;
  valueStart: number;
  index: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Scans `file` for the members of its top-level field `field`, calling `onMember` for each in file
 * order. Reads in chunks of `chunkBytes` (tests use tiny ones to cross every boundary).
 */
export function scanJsonFile(file: string, field: string, onMember: (m: Member) => void, chunkBytes = 1 << 20): JsonScan {
  const fields = new Map<string, ByteRange>();
  let found = false;
  let container: JsonScan['container'] = null;
  // frames[0]: the top-level object; frames[1]: the container of `field`, while inside it.
  const frames: Frame[] = [];
  let depth = 0;
  let inString = false;
  let escape = false;
  /** Bytes of the key string being read (a key of frame 0 or 1), else null. */
  let keyBytes: number[] | null = null;
  let sawTop = false;
  let trailing = false;

  const tracked = (): Frame | undefined => (depth >= 1 && depth <= frames.length ? frames[depth - 1] : undefined);
  const endMember = (f: Frame, at: number, level: number) => {
    if (f.valueStart < 0 || f.key === null) return;
    const range = { start: f.valueStart, end: at };
    if (level === 0) {
      if (f.key !== field) fields.set(String(f.key), range);
    } else onMember({ key: f.key, ...range });
    f.valueStart = -1;
    f.key = null;
  };

  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    let offset = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, offset);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i] as number;
        const at = offset + i;
        if (inString) {
          if (keyBytes !== null) keyBytes.push(b);
          if (escape) escape = false;
          else if (b === BACKSLASH) escape = true;
          else if (b === QUOTE) {
            inString = false;
            const f = tracked();
            if (keyBytes !== null && f) {
              f.key = JSON.parse(Buffer.from(keyBytes).toString('utf8')) as string;
              keyBytes = null;
            }
          }
          continue;
        }
        if (isSpace(b)) continue;
        if (depth === 0 && b !== 0x7b) {
          // Before the object: not one; after it: something follows that should not.
          if (!sawTop) throw new SyntaxError('not a JSON object');
          trailing = true;
          continue;
        }
        const f = tracked();
        if (b === QUOTE) {
          inString = true;
          if (f && !f.array && f.expectKey) {
            keyBytes = [b];
            f.expectKey = false;
          } else if (f && f.valueStart < 0) f.valueStart = at;
          continue;
        }
        if (b === 0x7b || b === 0x5b) {
          // { or [
          if (depth === 0) {
            if (sawTop) {
              trailing = true;
              continue;
            }
            sawTop = true;
            frames.push({ array: false, expectKey: true, key: null, valueStart: -1, index: 0 });
          } else {
            if (f && f.valueStart < 0) f.valueStart = at;
            if (depth === 1 && f?.key === field) {
              found = true;
              container = b === 0x5b ? 'array' : 'object';
              frames.push({ array: b === 0x5b, expectKey: b === 0x7b, key: b === 0x5b ? 0 : null, valueStart: -1, index: 0 });
            }
          }
          depth++;
          continue;
        }
        if (b === 0x7d || b === 0x5d) {
          // } or ]
          if (f) {
            endMember(f, at, depth - 1);
            frames.pop();
          }
          depth--;
          continue;
        }
        if (!f) continue;
        if (b === 0x2c) {
          // ,
          endMember(f, at, depth - 1);
          if (f.array) f.key = ++f.index;
          else f.expectKey = true;
        } else if (b !== 0x3a && f.valueStart < 0) f.valueStart = at; // a number, true, false or null
      }
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
  return { fields, found, container, complete: sawTop && depth === 0 && !inString && !trailing };
}

/** The bytes of `range` in `fd`, as text. */
export function readRange(fd: number, range: ByteRange): string {
  const length = range.end - range.start;
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, range.start + got);
    if (n === 0) throw new Error(`file ends before byte ${range.end}`);
    got += n;
  }
  return buf.toString('utf8');
}
