import type { TokenUsage } from '../awu-request.js';

/** @internal Converts token estimates and usage into the governor's accounting unit. */
export interface Meter {
  readonly unit: string;
  /** Amount reserved for an estimate. */
  reserve(
    inputTokens: number,
    outputTokens: number,
    provider: string | undefined,
    model: string | undefined,
  ): number;
  /** Actual amount for reported usage. */
  actual(usage: TokenUsage, provider: string | undefined, model: string | undefined): number;
}

/** @internal The `tokens` meter: input plus output tokens (cached and reasoning tokens included). */
export const tokenMeter: Meter = {
  unit: 'tokens',
  reserve: (inputTokens, outputTokens) => inputTokens + outputTokens,
  actual: (usage) => (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
};
