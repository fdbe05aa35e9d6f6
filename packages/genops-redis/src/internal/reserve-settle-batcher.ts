import { RESERVE_SETTLE_OPERATION } from './lua/reserve-settle-operation.js';
import type { ScriptReply } from './reserve-codec.js';
import { type BatchItem, dispatch, MAX_BATCH, splitReplies } from './script-batcher.js';
import type { ScriptRunner } from './script-runner.js';

/** @internal From this many reservations in one call, the pending settles ride along (applied first). */
const RIDE_ALONG = 2;

/** @internal A reservation waiting in a batch; `retried` once it was sent again (see below). */
interface ReserveItem extends BatchItem {
  retried: boolean;
}

/**
 * @internal Sends reservations and settles with the ledger operation, several AWUs per call (at
 * most {@link MAX_BATCH} of each).
 *
 * Reservations go at the end of the current tick (a lone call pays nothing). Settles wait for the
 * I/O of this turn, unless reservations are sent before then. A lone reservation (a sequential
 * caller) is then sent alone and the pending settles right behind it, in a call of their own on
 * the same connection, so that Redis answers the reservation first and the settles' work stays off
 * the caller's path. A reservation that Redis refused while settles were sent behind it is sent
 * once more, after them: it then sees the budgets as the settles left them, exactly as if they had
 * been applied first (holding a reservation a little longer never lets anything overspend; it
 * could only refuse). Several reservations at once (load) take the pending settles along in the
 * same call instead, applied first (less work for Redis per AWU). Each AWU gets its own reply or
 * error; a failed round trip fails every AWU of the batch with the same error.
 */
export class ReserveSettleBatcher {
  readonly #runner: ScriptRunner;
  readonly #header: readonly string[];
  #reserves: ReserveItem[] = [];
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
      this.#queueReserve({ args, resolve, reject, retried: false });
    });
  }

  /** One AWU's settle; resolves with its reply (`'ok'` first). */
  settle(args: readonly string[]): Promise<ScriptReply> {
    return new Promise((resolve, reject) => {
      this.#settles.push({ args, resolve, reject });
      if (this.#settles.length >= MAX_BATCH && !this.#reserveScheduled) {
        this.#sendSettles();
      } else if (!this.#settleScheduled) {
        this.#settleScheduled = true;
        setImmediate(this.#onSettles);
      }
    });
  }

  #queueReserve(item: ReserveItem): void {
    this.#reserves.push(item);
    if (this.#reserves.length >= MAX_BATCH) {
      this.#sendReserves();
    } else if (!this.#reserveScheduled) {
      this.#reserveScheduled = true;
      queueMicrotask(this.#onReserves);
    }
  }

  readonly #onReserves = () => {
    this.#reserveScheduled = false;
    if (this.#reserves.length > 0) this.#sendReserves();
  };

  readonly #onSettles = () => {
    this.#settleScheduled = false;
    this.#sendSettles();
  };

  /**
   * Sends the pending reservations, {@link MAX_BATCH} per call. A lone reservation goes alone and
   * the pending settles right behind it (the caller waits for nothing but its own reservation).
   * Several reservations at once (load) take the pending settles along in the same call, applied
   * first: one call instead of two, and the budget instances are read and written once for all.
   */
  #sendReserves(): void {
    while (this.#reserves.length > 0) {
      const reserves = this.#reserves.splice(0, MAX_BATCH);
      const settles = reserves.length >= RIDE_ALONG ? this.#settles.splice(0, MAX_BATCH) : [];
      const behind = this.#settles.length > 0;
      const argv = [...this.#header, String(settles.length), String(reserves.length)];
      for (const item of settles) for (const arg of item.args) argv.push(arg);
      for (const item of reserves) for (const arg of item.args) argv.push(arg);
      this.#runner.run(RESERVE_SETTLE_OPERATION, argv).then(
        (reply) => {
          const replies = splitReplies(reply, settles.length + reserves.length);
          if (settles.length === 0) {
            this.#reserved(reserves, replies, behind);
          } else if (
            Array.isArray(replies) &&
            replies.length === settles.length + reserves.length
          ) {
            dispatch(RESERVE_SETTLE_OPERATION.name, settles, replies.slice(0, settles.length));
            this.#reserved(reserves, replies.slice(settles.length), behind);
          } else {
            dispatch(RESERVE_SETTLE_OPERATION.name, [...settles, ...reserves], replies);
          }
        },
        (error: unknown) => {
          for (const item of settles) item.reject(error);
          for (const item of reserves) item.reject(error);
        },
      );
    }
    this.#sendSettles();
  }

  /** Hands out reservation replies; a refusal with settles sent behind it is sent again, once. */
  #reserved(items: readonly ReserveItem[], reply: unknown, behind: boolean): void {
    if (!behind || !Array.isArray(reply) || reply.length !== items.length) {
      dispatch(RESERVE_SETTLE_OPERATION.name, items, reply);
      return;
    }
    const answered: ReserveItem[] = [];
    const answers: unknown[] = [];
    items.forEach((item, index) => {
      const one: unknown = reply[index];
      if (!item.retried && Array.isArray(one) && one[0] === 'ok' && one[1] === '0') {
        item.retried = true;
        this.#queueReserve(item);
      } else {
        answered.push(item);
        answers.push(one);
      }
    });
    if (answered.length > 0) dispatch(RESERVE_SETTLE_OPERATION.name, answered, answers);
  }

  /** Sends the pending settles, {@link MAX_BATCH} per call. */
  #sendSettles(): void {
    while (this.#settles.length > 0) {
      const items = this.#settles.splice(0, MAX_BATCH);
      const argv = [...this.#header, String(items.length), '0'];
      for (const item of items) for (const arg of item.args) argv.push(arg);
      this.#runner.run(RESERVE_SETTLE_OPERATION, argv).then(
        (reply) =>
          dispatch(RESERVE_SETTLE_OPERATION.name, items, splitReplies(reply, items.length)),
        (error: unknown) => {
          for (const item of items) item.reject(error);
        },
      );
    }
  }
}
