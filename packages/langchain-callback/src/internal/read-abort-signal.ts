import { isRecord } from './is-record.js';

/**
 * @internal The abort signal of a model call, from the call options LangChain passes to handlers
 * (`extraParams.options.signal`). When a call is aborted LangChain rejects at once and never
 * reports the end of the run, so the handler listens for the abort itself.
 */
export function readAbortSignal(extraParams: unknown): AbortSignal | undefined {
  if (!isRecord(extraParams) || !isRecord(extraParams.options)) return undefined;
  const signal = extraParams.options.signal;
  return isRecord(signal) &&
    typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function'
    ? (signal as unknown as AbortSignal)
    : undefined;
}
