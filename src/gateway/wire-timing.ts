/**
 * One request as it went over the wire: when it went out, each piece of the answer and when it
 * came in, and when the last byte did — recorded by our transport (fast-fetch.ts) from inside
 * undici's dispatcher, in the callbacks that parse the bytes. Latency is measured from these
 * instead of around the SDK call, so the SDK's own request building and response handling, and
 * any wait of the event loop between a socket read and the code that awaits it, are not timed as
 * gateway latency. The body is kept here too (the 2xx Response the SDK sees has none): read whole
 * (`text`) or as event-stream frames, each frame timed by the arrival of the bytes that completed
 * it (`frames`, `readAt`), with no web stream in between.
 *
 * One per attempt; it travels to the transport in the SDK's `fetchOptions` under `WIRE`
 * (like the capture slot of fetch-capture.ts). Times are performance.now() values.
 */
import { SseDecoder, type SseFrame } from './sse.ts';

export const WIRE: unique symbol = Symbol('cutover.wire');

export class WireTiming {
  /** undici began writing the request to its socket (the connection was already open). */
  sentAt: number | null = null;
  /** The last byte of the response was read off the socket. */
  endAt: number | null = null;
  /** While `frames()` is being read: when the bytes that completed the current frame arrived. */
  readAt: number | null = null;
  /** Why the exchange ended early (a broken socket, an abort), if it did. */
  error: unknown = null;
  readonly #chunks: Buffer[] = [];
  readonly #times: number[] = [];
  #settle: () => void = () => {};
  /** Settles when the response ended or failed. */
  readonly done: Promise<void> = new Promise((resolve) => {
    this.#settle = resolve;
  });

  /** A piece of the body read off the socket at `at`. */
  received(chunk: Buffer, at: number): void {
    this.#chunks.push(chunk);
    this.#times.push(at);
  }

  ended(at: number): void {
    this.endAt = at;
    this.#settle();
  }

  failed(error: unknown): void {
    this.error = error;
    this.#settle();
  }

  /** The whole body, once the response ended (throws why it did not). */
  async text(): Promise<string> {
    await this.done;
    if (this.error !== null) throw this.error;
    return this.body().toString('utf8');
  }

  /** The body received so far, as one buffer. */
  body(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  /**
   * The body as event-stream frames, once the response is over: `readAt` is set to each chunk's
   * arrival before its frames are yielded. After what arrived, throws why the stream ended early.
   */
  async *frames(): AsyncGenerator<SseFrame> {
    await this.done;
    const decoder = new SseDecoder();
    for (const [i, chunk] of this.#chunks.entries()) {
      this.readAt = this.#times[i] ?? null;
      yield* decoder.push(chunk);
    }
    yield* decoder.end();
    if (this.error !== null) throw this.error;
  }
}

/** Per-request fetchOptions fields: the timing record (the SDK spreads them into fetch's init). */
export type WireInit = { [WIRE]?: WireTiming };
