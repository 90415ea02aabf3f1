/**
 * One unit of heavy work per event-loop turn. A simulated answer takes about a millisecond to
 * generate (the n-gram model); when many requests arrive at once, generating them back to back
 * would leave the later requests unread in their sockets, so their arrival (from which the
 * simulator's latency is measured and recorded) would be stamped late and the client would see
 * that wait as extra latency. Waiting for a turn first lets the server read and stamp every
 * arrival between two answers.
 */
export class TurnQueue {
  readonly #waiting: Array<() => void> = [];
  #scheduled = false;

  /** Resolves in a later turn of the event loop, after I/O has been polled; one waiter per turn. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#runOne);
      }
    });
  }

  readonly #runOne = (): void => {
    const next = this.#waiting.shift();
    // Scheduled from inside the check phase, this runs in the next turn, after the poll phase.
    if (this.#waiting.length > 0) setImmediate(this.#runOne);
    else this.#scheduled = false;
    next?.();
  };
}
