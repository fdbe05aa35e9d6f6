import { isRecord } from './is-record.js';

/** Invocation-parameter names of an output cap, in the order they are looked up. */
const CAP_KEYS = [
  'max_tokens',
  'max_completion_tokens',
  'max_output_tokens',
  'maxTokens',
  'maxOutputTokens',
] as const;

/**
 * @internal The output cap of a model call: the first positive whole number among the invocation
 * parameters' `max_tokens`, `max_completion_tokens`, `max_output_tokens`, `maxTokens`,
 * `maxOutputTokens`, then the `ls_max_tokens` metadata. `undefined` when the call sets none (the
 * governor's `defaultMaxOutputTokens` applies); `-1` and other sentinels are ignored.
 */
export function readOutputCap(
  invocationParams: unknown,
  metadata: Record<string, unknown> | undefined,
): number | undefined {
  if (isRecord(invocationParams)) {
    for (const key of CAP_KEYS) {
      const cap = positiveWhole(invocationParams[key]);
      if (cap !== undefined) return cap;
    }
  }
  return positiveWhole(metadata?.ls_max_tokens);
}

function positiveWhole(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
