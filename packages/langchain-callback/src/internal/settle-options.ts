import type { Awu, SettleOptions, TokenEstimator, TokenUsage } from '@genops/core';

/**
 * @internal How to reconcile a model call: with the provider's usage when reported; otherwise with
 * the prompt estimate plus an exact count of the generated text, flagged incomplete.
 */
export function settleOptions(
  awu: Awu,
  usage: TokenUsage | undefined,
  generated: string,
  estimator: TokenEstimator,
  model: string | undefined,
): SettleOptions & { readonly usage: TokenUsage } {
  if (usage !== undefined) return { usage };
  const outputTokens = generated === '' ? 0 : estimator.countText(generated, model);
  return { usage: { inputTokens: awu.estimate.inputTokens, outputTokens }, incomplete: true };
}
