import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * A span processor that keeps the AWU spans (spans with `genops.spec.version`) as they end, so the
 * chat can print each turn's status from the very telemetry it exports.
 *
 * @example
 * ```ts
 * const recorder = new AwuRecorder();
 * new TracerProvider({ spanProcessors: [recorder] });
 * const spans = recorder.take(); // AWU spans ended since the last take
 * ```
 */
export class AwuRecorder implements SpanProcessor {
  #pending: ReadableSpan[] = [];
  readonly #all: ReadableSpan[] = [];

  /** Every AWU span recorded so far. */
  get all(): readonly ReadableSpan[] {
    return this.#all;
  }

  /** The AWU spans ended since the previous call. */
  take(): ReadableSpan[] {
    const spans = this.#pending;
    this.#pending = [];
    return spans;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (span.attributes['genops.spec.version'] === undefined) return;
    this.#pending.push(span);
    this.#all.push(span);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
