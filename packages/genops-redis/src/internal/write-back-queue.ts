import { GenOpsLedgerStateError } from '../errors/genops-ledger-state-error.js';
import { Unavailable } from './script-runner.js';
import type { FallbackEntry } from './settle-codec.js';

/** @internal A write that could not reach Redis and is retried until it does. */
export type PendingWrite =
  | {
      readonly kind: 'settle';
      readonly awuId: string;
      readonly args: readonly string[];
      /** Local (fail-open) consumption carried by this settle. */
      readonly fallback: readonly FallbackEntry[];
    }
  | { readonly kind: 'release'; readonly awuId: string; readonly cancel: boolean };

/** @internal How a pending write is sent; rejects like `ScriptRunner.run`. */
export type SendWrite = (write: PendingWrite) => Promise<void>;

const CONCURRENCY = 64;

/**
 * @internal Writes (settles, releases, cancellations) that met an unavailable Redis, kept in order
 * and retried: on a timer while any are pending, after every successful call, and by `drain()`.
 * Every write is idempotent by AWU id, so a retry of a write that did reach Redis counts nothing
 * twice. A write that Redis rejects as malformed state is reported and dropped (it can never
 * succeed).
 */
export class WriteBackQueue {
  readonly #pending = new Map<string, PendingWrite>();
  readonly #send: SendWrite;
  readonly #intervalMs: number;
  readonly #report: (error: unknown) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #draining: Promise<void> | undefined;
  #stopped = false;

  constructor(send: SendWrite, intervalMs: number, report: (error: unknown) => void) {
    this.#send = send;
    this.#intervalMs = intervalMs;
    this.#report = report;
  }

  get size(): number {
    return this.#pending.size;
  }

  add(write: PendingWrite): void {
    this.#pending.set(`${write.kind}\u0000${write.awuId}`, write);
    if (this.#timer === undefined && !this.#stopped) {
      this.#timer = setInterval(() => void this.drain(), this.#intervalMs);
      this.#timer.unref?.();
    }
  }

  /** Sends every pending write once (single flight); resolves when done, whatever the outcome. */
  drain(): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    this.#draining ??= this.#run().finally(() => {
      this.#draining = undefined;
      if (this.#pending.size === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    });
    return this.#draining;
  }

  /** Stops the retry timer (pending writes stay, and `drain()` still sends them). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #run(): Promise<void> {
    const batch = [...this.#pending];
    for (let from = 0; from < batch.length; from += CONCURRENCY) {
      let unavailable = false;
      await Promise.all(
        batch.slice(from, from + CONCURRENCY).map(async ([id, write]) => {
          try {
            await this.#send(write);
            this.#pending.delete(id);
          } catch (error) {
            if (error instanceof Unavailable) {
              unavailable = true;
              return;
            }
            this.#pending.delete(id);
            this.#report(
              GenOpsLedgerStateError.isInstance(error)
                ? error
                : new Error(`write-back of ${write.kind} ${write.awuId} failed`, { cause: error }),
            );
          }
        }),
      );
      if (unavailable) return;
    }
  }
}
