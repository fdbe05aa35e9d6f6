/**
 * Warnings the chat prints between turns, never in the middle of an answer and never as a stack
 * trace: each distinct warning (by key) is printed once per session; they wait in a queue until
 * the chat is at a point where a line can be printed.
 *
 * @example
 * ```ts
 * const notices = new ChatNotices();
 * notices.warn('otlp', 'telemetry: the OTLP endpoint refused the spans; they are still in the file');
 * for (const line of notices.drain()) output.write(`${line}\n`);
 * ```
 */
export class ChatNotices {
  readonly #seen = new Set<string>();
  #queue: string[] = [];
  /** Every warning given, in order (the session's report). */
  readonly all: string[] = [];

  /** Queues `text` unless a warning with this key was already given. Returns whether it was new. */
  warn(key: string, text: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    this.#queue.push(text);
    this.all.push(text);
    return true;
  }

  /** Whether a warning with this key was given. */
  has(key: string): boolean {
    return this.#seen.has(key);
  }

  /** The warnings not printed yet; empties the queue. */
  drain(): string[] {
    const queued = this.#queue;
    this.#queue = [];
    return queued;
  }
}

/** The message of an error, on one line, without a stack. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? error.cause : undefined;
  const oneLine = message.replace(/\s+/g, ' ').trim();
  if (oneLine === '' && cause !== undefined) return describeError(cause);
  return oneLine === '' ? (error instanceof Error ? error.name : 'unknown error') : oneLine;
}
