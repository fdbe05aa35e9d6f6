import type { TokenUsage } from '../accounting/token-usage.js';
import type { ModelPrice } from './model-price.js';

/** Prices resolved for one request: tier applied, defaults filled in. */
interface Rates {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly reasoning: number;
}

/** @internal The rates in effect for a request with `inputTokens` input tokens. */
export function ratesFor(price: ModelPrice, inputTokens: number): Rates {
  let resolved: Omit<ModelPrice, 'tiers'> = price;
  const { tiers } = price;
  if (tiers !== undefined) {
    let chosen: (typeof tiers)[number] | undefined;
    for (const tier of tiers) {
      if (
        inputTokens > tier.aboveInputTokens &&
        (chosen === undefined || tier.aboveInputTokens >= chosen.aboveInputTokens)
      ) {
        chosen = tier;
      }
    }
    if (chosen !== undefined) resolved = { ...price, ...definedOnly(chosen) };
  }
  return {
    input: resolved.inputPerMillion,
    output: resolved.outputPerMillion,
    cacheRead: resolved.cacheReadPerMillion ?? resolved.inputPerMillion,
    cacheWrite: resolved.cacheWritePerMillion ?? resolved.inputPerMillion,
    reasoning: resolved.reasoningPerMillion ?? resolved.outputPerMillion,
  };
}

function definedOnly(tier: object): Partial<ModelPrice> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(tier)) {
    if (key !== 'aboveInputTokens' && typeof value === 'number') result[key] = value;
  }
  return result;
}

/** @internal Rounds a dollar amount to 1e-10 USD (hides binary floating-point noise). */
export function roundUsd(amount: number): number {
  return Math.round(amount * 1e10) / 1e10;
}

/**
 * The cost in US dollars of a request that reported `usage`, at `price`.
 *
 * `usage.inputTokens` includes cached reads and cache writes and `usage.outputTokens` includes
 * reasoning tokens (as in {@link TokenUsage}). The cost is the sum of
 * - uncached input `inputTokens − cachedInputTokens − cacheWriteInputTokens` (never below 0) at `inputPerMillion`,
 * - `cachedInputTokens` at `cacheReadPerMillion` (default: the input price),
 * - `cacheWriteInputTokens` at `cacheWritePerMillion` (default: the input price),
 * - visible output `outputTokens − reasoningTokens` (never below 0) at `outputPerMillion`,
 * - `reasoningTokens` at `reasoningPerMillion` (default: the output price),
 *
 * each divided by one million, with the long-context tier chosen by `inputTokens`; the total is
 * rounded to 1e-10 USD.
 *
 * @example
 * ```ts
 * // 1,000 input of which 600 cached, 300 output of which 100 reasoning, on gpt-4o's prices:
 * calculateCost({ inputPerMillion: 2.5, cacheReadPerMillion: 1.25, outputPerMillion: 10 },
 *   { inputTokens: 1000, cachedInputTokens: 600, outputTokens: 300, reasoningTokens: 100 });
 * // (400 × 2.5 + 600 × 1.25 + 200 × 10 + 100 × 10) / 1e6 = 0.00475
 * ```
 */
export function calculateCost(price: ModelPrice, usage: TokenUsage): number {
  const input = usage.inputTokens ?? 0;
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const reasoning = usage.reasoningTokens ?? 0;
  const rates = ratesFor(price, input);
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  const visible = Math.max(0, output - reasoning);
  return roundUsd(
    (uncached * rates.input +
      cacheRead * rates.cacheRead +
      cacheWrite * rates.cacheWrite +
      visible * rates.output +
      reasoning * rates.reasoning) /
      1e6,
  );
}

/**
 * The amount reserved, in US dollars, before a request runs: the estimated input tokens at the
 * input price plus the output cap at the output price (or at the reasoning price when that one is
 * higher, so that the reservation covers any output within the cap), tier chosen by the estimate.
 *
 * @example
 * ```ts
 * reservationCost({ inputPerMillion: 2.5, outputPerMillion: 10 }, 1000, 500); // 0.0075
 * ```
 */
export function reservationCost(
  price: ModelPrice,
  inputTokens: number,
  outputTokens: number,
): number {
  const rates = ratesFor(price, inputTokens);
  return roundUsd(
    (inputTokens * rates.input + outputTokens * Math.max(rates.output, rates.reasoning)) / 1e6,
  );
}
