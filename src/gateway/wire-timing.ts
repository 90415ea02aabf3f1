/**
 * When a request actually went out and when its bytes actually came back, as undici saw them on
 * the socket (fast-fetch.ts records them from inside its dispatcher). Latency is measured from
 * these instead of from around the SDK call, so the SDK's own request building and response
 * handling, and any wait of the event loop between a socket read and the code that awaits it,
 * are not timed as gateway latency.
 *
 * One per attempt; it travels to the transport in the SDK's `fetchOptions` under `WIRE`
 * (like the capture slot of fetch-capture.ts). Times are performance.now() values.
 */
export const WIRE: unique symbol = Symbol('cutover.wire');

export class WireTiming {
  /** undici began writing the request to its socket (the connection was already open). */
  sentAt: number | null = null;
  /** The last byte of the response was read off the socket. */
  endAt: number | null = null;
  /** When the last body byte the reader has consumed so far arrived (event streams only). */
  readAt: number | null = null;
  /** Body bytes received so far, and the running totals and times of each read off the socket. */
  #received = 0;
  readonly #totals: number[] = [];
  readonly #times: number[] = [];
  #consumed = 0;
  #index = 0;

  /** The transport read `bytes` more body bytes off the socket at `at`. */
  received(bytes: number, at: number): void {
    if (bytes === 0) return;
    this.#received += bytes;
    this.#totals.push(this.#received);
    this.#times.push(at);
  }

  /**
   * The reader of the body has now consumed `bytes` more: `readAt` becomes the arrival of the last
   * of them. Chunks may be split or joined between the socket and the reader; counting bytes
   * keeps the two in step.
   */
  consumed(bytes: number): void {
    this.#consumed += bytes;
    while (this.#index < this.#totals.length && (this.#totals[this.#index] as number) < this.#consumed) this.#index++;
    this.readAt = this.#times[Math.min(this.#index, this.#times.length - 1)] ?? this.readAt;
  }
}

/** Per-request fetchOptions fields: the timing record (the SDK spreads them into fetch's init). */
export type WireInit = { [WIRE]?: WireTiming };
