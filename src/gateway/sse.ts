/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation") over a byte
 * stream: frames may be split anywhere across chunks (even inside a UTF-8 sequence), lines
 * end in LF, CRLF or CR, `:` lines are comments, several `data:` lines join with "\n".
 */

export interface SseFrame {
  event: string | null;
  data: string;
  id: string | null;
}

interface Pending {
  event: string | null;
  data: string[];
  id: string | null;
  hasData: boolean;
}

const empty = (): Pending => ({ event: null, data: [], id: null, hasData: false });

/** Applies one line to the frame being built; returns a finished frame on a blank line. */
function applyLine(line: string, p: Pending): SseFrame | null {
  if (line === '') {
    if (!p.hasData) {
      // A block of only event:/id: lines dispatches nothing (spec), but LLM Gateway never sends one.
      p.event = null;
      return null;
    }
    const frame = { event: p.event, data: p.data.join('\n'), id: p.id };
    p.event = null;
    p.data = [];
    p.hasData = false;
    return frame;
  }
  if (line.startsWith(':')) return null;
  const colon = line.indexOf(':');
  const field = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  switch (field) {
    case 'data':
      p.data.push(value);
      p.hasData = true;
      break;
    case 'event':
      p.event = value;
      break;
    case 'id':
      if (!value.includes('\0')) p.id = value;
      break;
    default:
      break; // `retry:` and unknown fields are ignored.
  }
  return null;
}

/**
 * The incremental parser: bytes in (`push`, in any chunking), finished frames out; `end` gives the
 * frame a stream cut before its blank line still carries.
 */
export class SseDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #pending = empty();
  #buf = '';
  // A CR at the end of a chunk may be the first half of CRLF; remember to skip a leading LF.
  #skipLf = false;

  push(chunk: Uint8Array): SseFrame[] {
    return this.#lines(this.#decoder.decode(chunk, { stream: true }));
  }

  end(): SseFrame[] {
    const out = this.#lines(this.#decoder.decode());
    if (this.#buf !== '') applyLine(this.#buf, this.#pending);
    this.#buf = '';
    const last = applyLine('', this.#pending);
    if (last) out.push(last);
    return out;
  }

  #lines(text: string): SseFrame[] {
    const out: SseFrame[] = [];
    const buf = this.#buf + text;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const ch = buf.charCodeAt(i);
      if (ch === 10 && this.#skipLf && i === start) {
        this.#skipLf = false;
        start = i + 1;
        continue;
      }
      this.#skipLf = false;
      if (ch !== 10 && ch !== 13) continue;
      const frame = applyLine(buf.slice(start, i), this.#pending);
      if (ch === 13) {
        if (i + 1 < buf.length) {
          if (buf.charCodeAt(i + 1) === 10) i++;
        } else this.#skipLf = true;
      }
      start = i + 1;
      if (frame) out.push(frame);
    }
    this.#buf = buf.slice(start);
    return out;
  }
}

/**
 * Yields frames as they complete. A final frame without its blank line is still yielded when
 * the stream ends (a cut stream's last data must not vanish). Cancelling the iteration
 * (break / return) cancels the reader.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const reader = body.getReader();
  const decoder = new SseDecoder();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      yield* decoder.push(r.value);
    }
    yield* decoder.end();
  } finally {
    // Cancel (not just release) so an abandoned stream closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}
