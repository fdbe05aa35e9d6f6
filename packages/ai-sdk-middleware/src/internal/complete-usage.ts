import type { Awu, SettleOptions, TokenUsage } from '@genops/core';

/**
 * @internal Fills the sides of a usage the provider did not report: input with the counted
 * prompt (the reservation's input estimate), output with `countOutput()` (the text that was
 * actually produced). Anything filled in marks the record incomplete.
 */
export function completeUsage(
  usage: TokenUsage,
  awu: Awu,
  countOutput: () => number,
  incomplete = false,
): SettleOptions {
  if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
    return incomplete ? { usage, incomplete } : { usage };
  }
  return {
    usage: {
      ...usage,
      inputTokens: usage.inputTokens ?? awu.estimate.inputTokens,
      outputTokens: usage.outputTokens ?? countOutput(),
    },
    incomplete: true,
  };
}
