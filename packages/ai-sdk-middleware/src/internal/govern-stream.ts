import type { Awu, SettleOptions } from '@genops/core';
import { completeUsage } from './complete-usage.js';
import { mapUsage } from './map-usage.js';
import type { SdkStreamPart, SdkUsage } from './sdk-types.js';

/** @internal What {@link governStream} needs besides the stream. */
export interface GovernStreamOptions {
  readonly awu: Awu;
  /** Counts tokens of streamed text (the governor's estimator, for the call's model). */
  readonly countText: (text: string) => number;
  readonly abortSignal: AbortSignal | undefined;
  /** The consumer stopped reading for this long (no pull pending): reconcile. `Infinity`: never. */
  readonly idleTimeoutMs: number;
}

/**
 * @internal Passes a model stream through unchanged while reconciling its AWU exactly once:
 * - at the `finish` part, with its usage (`fail` instead of `settle` when an `error` part came
 *   before it);
 * - when the stream ends without `finish`, errors, is cancelled by the consumer (early stop), the
 *   call's abort signal fires, or nobody has read from it for `idleTimeoutMs` (a consumer that
 *   stopped without cancelling: AI SDK 7's `streamText` keeps a tee of the model stream for its
 *   result promises, so breaking out of `textStream` does not cancel the model stream): with the
 *   tokens actually streamed (text, reasoning and tool input deltas, counted), marked incomplete.
 * Every chunk renews the reservation's lease (`keepAlive`, throttled by the core).
 *
 * A pull-based `ReadableStream` over the source reader is used rather than `pipeThrough`, so that
 * cancellation and source errors are observed on every Node.js 20 release.
 */
// Longer than ~60 lines: one pull loop whose end states (done, error, cancel, idle) share
// the stream's counters; split apart they would pass them around by reference.
export function governStream<P extends SdkStreamPart>(
  source: ReadableStream<P>,
  { awu, countText, abortSignal, idleTimeoutMs }: GovernStreamOptions,
): ReadableStream<P> {
  const reader = source.getReader();
  const streamed: string[] = [];
  /** Ids of tool calls whose input was streamed as deltas (not to count their `tool-call` again). */
  const streamedToolInputs = new Set<string>();
  let errorPart: { error: unknown } | undefined;
  let open = true;
  /** Idle detection: a pull is in progress, or when the last one ended (ms). */
  let pulling = false;
  let lastPullEndMs = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  /** Tokens streamed so far; counting never throws into the stream (0 if the estimator fails). */
  const countStreamed = () => {
    if (streamed.length === 0) return 0;
    try {
      return countText(streamed.join(''));
    } catch {
      return 0;
    }
  };
  const onAbort = () => endWithStreamed(undefined);
  const close = () => {
    open = false;
    abortSignal?.removeEventListener('abort', onAbort);
    if (idleTimer !== undefined) clearTimeout(idleTimer);
  };
  const armIdleTimer = (delayMs: number) => {
    idleTimer = setTimeout(checkIdle, delayMs);
    idleTimer.unref?.();
  };
  const checkIdle = () => {
    idleTimer = undefined;
    if (!open) return;
    const idleMs = pulling ? 0 : Date.now() - lastPullEndMs;
    if (idleMs >= idleTimeoutMs) endWithStreamed(undefined);
    else armIdleTimer(idleTimeoutMs - idleMs);
  };
  /** Reconciles with what was streamed; `error` makes it a failure. */
  const endWithStreamed = (failure: { error: unknown } | undefined) => {
    if (!open) return;
    close();
    const settle = {
      usage: { inputTokens: awu.estimate.inputTokens, outputTokens: countStreamed() },
      incomplete: true,
    };
    void (failure === undefined ? awu.settle(settle) : awu.fail(failure.error, settle));
  };
  const finish = (usage: SdkUsage | undefined) => {
    if (!open) return;
    close();
    let settle: SettleOptions;
    try {
      settle = completeUsage(mapUsage(usage), awu, countStreamed, errorPart !== undefined);
    } catch {
      settle = { incomplete: true }; // unreadable usage: the core counts the prompt, incomplete
    }
    void (errorPart === undefined ? awu.settle(settle) : awu.fail(errorPart.error, settle));
  };

  if (abortSignal !== undefined) {
    if (abortSignal.aborted) onAbort();
    else abortSignal.addEventListener('abort', onAbort, { once: true });
  }

  return new ReadableStream<P>({
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      pulling = true;
      try {
        next = await reader.read();
      } catch (error) {
        endWithStreamed({ error });
        controller.error(error);
        return;
      }
      if (next.done) {
        endWithStreamed(errorPart);
        controller.close();
        return;
      }
      const part = next.value;
      if (open) {
        awu.keepAlive();
        const value = part as unknown as Record<string, unknown>;
        switch (part.type) {
          case 'text-delta':
          case 'reasoning-delta':
            if (typeof value.delta === 'string') streamed.push(value.delta);
            break;
          case 'tool-input-delta':
            if (typeof value.delta === 'string') streamed.push(value.delta);
            if (typeof value.id === 'string') streamedToolInputs.add(value.id);
            break;
          case 'tool-call':
            if (
              typeof value.input === 'string' &&
              !streamedToolInputs.has(String(value.toolCallId))
            )
              streamed.push(value.input);
            break;
          case 'error':
            errorPart ??= { error: value.error };
            break;
          case 'finish':
            finish(value.usage as SdkUsage | undefined);
            break;
          default:
            break;
        }
      }
      controller.enqueue(part);
      pulling = false;
      if (open && idleTimeoutMs !== Number.POSITIVE_INFINITY) {
        lastPullEndMs = Date.now();
        if (idleTimer === undefined) armIdleTimer(idleTimeoutMs);
      }
    },
    cancel(reason) {
      endWithStreamed(undefined);
      return reader.cancel(reason);
    },
  });
}
