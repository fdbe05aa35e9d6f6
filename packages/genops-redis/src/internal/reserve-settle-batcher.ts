import { LEDGER_OPERATION } from './lua/ledger-operation.js';
import type { ScriptReply } from './reserve-codec.js';
import { type BatchItem, dispatch, MAX_BATCH } from './script-batcher.js';
import type { ScriptRunner } from './script-runner.js';

/**
 * @internal Sends reservations and settles with the ledger script, several AWUs per EVALSHA (at most
 * {@link MAX_BATCH} of each).
 *
 * Reservations go at the end of the current tick (a lone call pays nothing). Settles wait for the
 * I/O of this turn, so that the reservations of the calls waiting on it go first, unless
 * reservations are sent before then: the pending settles then ride along in the same script run,
 * applied before those reservations (one EVALSHA instead of two, and the reservations see the
 * settled budgets). Each AWU gets its own reply or error; a failed round trip fails every AWU of
 * the batch with the same error.
 */
export class ReserveSettleBatcher {
  readonly #runner: ScriptRunner;
  readonly #header: readonly string[];
  #reserves: BatchItem[] = [];
  #settles: BatchItem[] = [];
  #reserveScheduled = false;
  #settleScheduled = false;

  constructor(runner: ScriptRunner, header: readonly string[]) {
    this.#runner = runner;
    this.#header = header;
  }

  /** One AWU's reservation; resolves with its reply (`'ok'` or `'finished'` first). */
  reserve(args: readonly string[]): Promise<ScriptReply> {
    return new Promise((resolve, reject) => {
      this.#reserves.push({ args, resolve, reject });
      if (this.#reserves.length >= MAX_BATCH) {
        this.#send();
      } else if (!this.#reserveScheduled) {
        this.#reserveScheduled = true;
        queueMicrotask(this.#onReserves);
      }
    });
  }

  /** One AWU's settle; resolves with its reply (`'ok'` first). */
  settle(args: readonly string[]): Promise<ScriptReply> {
    return new Promise((resolve, reject) => {
      this.#settles.push({ args, resolve, reject });
      if (this.#settles.length >= MAX_BATCH) {
        this.#send();
      } else if (!this.#settleScheduled) {
        this.#settleScheduled = true;
        setImmediate(this.#onSettles);
      }
    });
  }

  readonly #onReserves = () => {
    this.#reserveScheduled = false;
    if (this.#reserves.length > 0) this.#send();
  };

  readonly #onSettles = () => {
    this.#settleScheduled = false;
    if (this.#settles.length > 0) this.#send();
  };

  /** Sends every pending settle and reservation, {@link MAX_BATCH} of each per EVALSHA. */
  #send(): void {
    while (this.#settles.length > 0 || this.#reserves.length > 0) {
      const settles = this.#settles.splice(0, MAX_BATCH);
      const reserves = this.#reserves.splice(0, MAX_BATCH);
      const argv = [...this.#header, String(settles.length), String(reserves.length)];
      for (const item of settles) for (const arg of item.args) argv.push(arg);
      for (const item of reserves) for (const arg of item.args) argv.push(arg);
      const items = settles.length === 0 ? reserves : [...settles, ...reserves];
      this.#runner.run(LEDGER_OPERATION, argv).then(
        (reply) => dispatch(LEDGER_OPERATION.name, items, reply),
        (error: unknown) => {
          for (const item of items) item.reject(error);
        },
      );
    }
  }
}
