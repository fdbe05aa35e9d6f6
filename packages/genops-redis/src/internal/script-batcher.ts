import type { LuaOperation } from './lua/define-operation.js';
import type { ScriptReply } from './reserve-codec.js';
import { classify, type ScriptRunner, Unavailable } from './script-runner.js';

/** @internal One AWU waiting in a batch. */
export interface BatchItem {
  readonly args: readonly string[];
  readonly resolve: (reply: ScriptReply) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * @internal AWUs per call (of each kind). Small enough that, under load, several batches are in
 * flight at once: Redis runs one while the client encodes the next and decodes the previous
 * (`pnpm bench redis` measures throughput with 64 calls in flight).
 */
export const MAX_BATCH = 16;

/**
 * @internal Coalesces the AWUs given to one batch script (releases, renewals) until the I/O of this
 * turn is done into one call (at most {@link MAX_BATCH} each), so that the reservations of the
 * calls waiting on it go first. Each AWU still gets its own reply: its arguments go in, its reply
 * array (or its error) comes out; a failed round trip fails every AWU of the batch with the same
 * {@link Unavailable}. Reservations and settles use `ReserveSettleBatcher`.
 */
export class ScriptBatcher {
  readonly #runner: ScriptRunner;
  readonly #operation: LuaOperation;
  readonly #header: readonly string[];
  #items: BatchItem[] = [];
  #scheduled = false;

  constructor(runner: ScriptRunner, operation: LuaOperation, header: readonly string[]) {
    this.#runner = runner;
    this.#operation = operation;
    this.#header = header;
  }

  /** Runs one AWU's part of the script; resolves with its reply (`'ok'` first). */
  call(args: readonly string[]): Promise<ScriptReply> {
    return new Promise((resolve, reject) => {
      this.#items.push({ args, resolve, reject });
      if (this.#items.length >= MAX_BATCH) {
        this.#flush();
      } else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#onSchedule);
      }
    });
  }

  readonly #onSchedule = () => {
    this.#scheduled = false;
    this.#flush();
  };

  #flush(): void {
    const items = this.#items;
    if (items.length === 0) return;
    this.#items = [];
    const argv = [...this.#header, String(items.length)];
    for (const item of items) for (const arg of item.args) argv.push(arg);
    this.#runner.run(this.#operation, argv).then(
      (reply) => dispatch(this.#operation.name, items, reply),
      (error: unknown) => {
        for (const item of items) item.reject(error);
      },
    );
  }
}

/** @internal Gives each AWU of a batch its part of the operation's reply (one array per AWU, in order). */
export function dispatch(operation: string, items: readonly BatchItem[], reply: unknown): void {
  if (!Array.isArray(reply) || reply.length !== items.length) {
    const error = new Unavailable(
      'error',
      new TypeError(`unexpected reply from the ${operation} operation`),
    );
    for (const item of items) item.reject(error);
    return;
  }
  items.forEach((item, index) => {
    const one: unknown = reply[index];
    if (!Array.isArray(one) || !one.every(isField)) {
      item.reject(new Unavailable('error', new TypeError('unexpected reply shape')));
    } else if (one[0] === 'error') {
      item.reject(classify(new Error(String(one[1]))));
    } else {
      item.resolve(one as ScriptReply);
    }
  });
}

function isField(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * @internal The ledger operation's flat reply (per AWU: the number of its fields, then its fields)
 * as one array per AWU, for {@link dispatch}; the reply as it is when it does not have that shape
 * (`dispatch` then fails every AWU).
 */
export function splitReplies(reply: unknown, count: number): unknown {
  if (!Array.isArray(reply)) return reply;
  const replies: unknown[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    const length: unknown = reply[at];
    if (typeof length !== 'number' || at + 1 + length > reply.length) return reply;
    replies.push(reply.slice(at + 1, at + 1 + length));
    at += 1 + length;
  }
  return at === reply.length ? replies : reply;
}
