/**
 * Prices of one model in US dollars per million tokens. Cache and reasoning prices are optional:
 * cached reads and cache writes are priced as input and reasoning tokens as output when absent.
 *
 * @example
 * ```ts
 * const gpt4o: ModelPrice = { inputPerMillion: 2.5, cacheReadPerMillion: 1.25, outputPerMillion: 10 };
 * const geminiPro: ModelPrice = {
 *   inputPerMillion: 1.25, outputPerMillion: 10,
 *   tiers: [{ aboveInputTokens: 200_000, inputPerMillion: 2.5, outputPerMillion: 15 }],
 * };
 * ```
 */
export interface ModelPrice {
  /** Uncached input tokens. */
  readonly inputPerMillion: number;
  /** Output tokens (visible output; reasoning too unless `reasoningPerMillion` is set). */
  readonly outputPerMillion: number;
  /** Input tokens read from the provider's prompt cache. Default: `inputPerMillion`. */
  readonly cacheReadPerMillion?: number;
  /** Input tokens written to the provider's prompt cache. Default: `inputPerMillion`. */
  readonly cacheWritePerMillion?: number;
  /** Reasoning tokens (counted within the output tokens). Default: `outputPerMillion`. */
  readonly reasoningPerMillion?: number;
  /**
   * Long-context pricing: when a request's input tokens (all of them, cached included) are
   * strictly more than `aboveInputTokens`, the prices the highest such tier names replace the base
   * prices for the whole request. Default: none.
   */
  readonly tiers?: readonly PriceTier[];
}

/** One long-context tier of a {@link ModelPrice}: the prices it names replace the base ones. */
export interface PriceTier {
  /** The tier applies when the request's input tokens are strictly more than this. */
  readonly aboveInputTokens: number;
  readonly inputPerMillion?: number;
  readonly outputPerMillion?: number;
  readonly cacheReadPerMillion?: number;
  readonly cacheWritePerMillion?: number;
  readonly reasoningPerMillion?: number;
}
