/**
 * @internal Counts side effects still running (ledger settles, releases, renewals) so that
 * `governor.flush()` can wait for them, without allocating a promise per tracked piece of work
 * when the work reports its own end.
 */
export class PendingWork {
  #count = 0;
  #waiters: (() => void)[] = [];

  /** A piece of work started; it must call {@link end} exactly once. */
  start(): void {
    this.#count++;
  }

  end(): void {
    this.#count--;
    if (this.#count === 0 && this.#waiters.length > 0) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Tracks a promise that does not report its own end. */
  track(work: Promise<unknown>): void {
    this.start();
    const end = () => this.end();
    work.then(end, end);
  }

  /** Resolves once nothing is running. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
