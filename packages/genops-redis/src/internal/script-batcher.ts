import type { LuaScript } from './lua/define-script.js';
import { classify, type ScriptRunner, Unavailable } from './script-runner.js';

interface Item {
  readonly args: readonly string[];
  readonly resolve: (reply: readonly string[]) => void;
  readonly reject: (error: unknown) => void;
}

/** @internal When a batch is sent: at the end of the current tick, or after pending I/O. */
export type BatchSchedule = 'microtask' | 'immediate';

const MAX_BATCH = 128;

/**
 * @internal Coalesces the AWUs given to one batch script in the same tick into one EVALSHA (at most
 * 128 each). Each AWU still gets its own reply: its arguments go in, its reply array (or its error)
 * comes out; a failed round trip fails every AWU of the batch with the same {@link Unavailable}.
 *
 * `microtask` (reservations) sends before the event loop moves on: a lone call pays nothing.
 * `immediate` (settles, releases) sends after the I/O of this turn, so that the reservations of the
 * calls waiting on it go first and settling stays off their path.
 */
export class ScriptBatcher {
  readonly #runner: ScriptRunner;
  readonly #script: LuaScript;
  readonly #header: readonly string[];
  readonly #schedule: BatchSchedule;
  #items: Item[] = [];
  #scheduled = false;

  constructor(
    runner: ScriptRunner,
    script: LuaScript,
    header: readonly string[],
    schedule: BatchSchedule,
  ) {
    this.#runner = runner;
    this.#script = script;
    this.#header = header;
    this.#schedule = schedule;
  }

  /** Runs one AWU's part of the script; resolves with its reply (`'ok'` or `'finished'` first). */
  call(args: readonly string[]): Promise<readonly string[]> {
    return new Promise((resolve, reject) => {
      this.#items.push({ args, resolve, reject });
      if (this.#items.length >= MAX_BATCH) {
        this.#flush();
      } else if (!this.#scheduled) {
        this.#scheduled = true;
        if (this.#schedule === 'microtask') queueMicrotask(this.#onSchedule);
        else setImmediate(this.#onSchedule);
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
    this.#runner.run(this.#script, argv).then(
      (reply) => {
        if (!Array.isArray(reply) || reply.length !== items.length) {
          const error = new Unavailable(
            'error',
            new TypeError(`unexpected reply from the ${this.#script.name} script`),
          );
          for (const item of items) item.reject(error);
          return;
        }
        items.forEach((item, index) => {
          const one: unknown = reply[index];
          if (!Array.isArray(one) || one.some((value) => typeof value !== 'string')) {
            item.reject(new Unavailable('error', new TypeError('unexpected reply shape')));
          } else if (one[0] === 'error') {
            item.reject(classify(new Error(String(one[1]))));
          } else {
            item.resolve(one as string[]);
          }
        });
      },
      (error: unknown) => {
        for (const item of items) item.reject(error);
      },
    );
  }
}
