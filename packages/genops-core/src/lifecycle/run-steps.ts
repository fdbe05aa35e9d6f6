/**
 * @internal Steps that may wait: a generator that yields only the promises it must wait for and
 * returns its result.
 */
export type Steps<T> = Generator<PromiseLike<unknown>, T, unknown>;

/**
 * @internal Runs `steps` synchronously until they yield a promise, then goes on asynchronously.
 * Returns the result itself when nothing had to be awaited (no microtask, no promise), else a
 * promise of it. A rejected promise is thrown into the steps at their `yield`, so that their own
 * `try`/`catch` handles it as it would an `await`.
 *
 * @example
 * ```ts
 * function* steps(): Steps<number> {
 *   const cached = cache.get(key); // number | undefined
 *   return cached ?? ((yield fetchCount(key)) as number); // waits only on a miss
 * }
 * const result = runSteps(steps()); // number | Promise<number>
 * ```
 */
export function runSteps<T>(steps: Steps<T>): T | Promise<T> {
  const first = steps.next();
  return first.done ? first.value : resume(steps, first.value);
}

async function resume<T>(steps: Steps<T>, waitingFor: PromiseLike<unknown>): Promise<T> {
  let pending = waitingFor;
  for (;;) {
    let value: unknown;
    let failure: { error: unknown } | undefined;
    try {
      value = await pending;
    } catch (error) {
      failure = { error };
    }
    const step = failure === undefined ? steps.next(value) : steps.throw(failure.error);
    if (step.done) return step.value;
    pending = step.value;
  }
}
