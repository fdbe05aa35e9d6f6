import type { ModelPrice } from './model-price.js';

/**
 * Prices for USD accounting (`createGovernor({ unit: 'USD', pricing })`) and for the
 * `genops.cost.*` telemetry. A price is looked up, in this order, in
 * 1. `models` under the exact key `provider:model` (the provider as the request names it, then its
 *    canonical id such as `openai` for `azure.ai.openai`), then the exact key `model`;
 * 2. `models` keys with `*` globs (any run of characters), in insertion order, against the same names;
 * 3. the default table (see {@link DEFAULT_PRICE_TABLE}) unless `defaults` is `false`;
 * 4. `fallback`.
 * Keys are case-insensitive. Under USD accounting a model none of these prices is refused with
 * `x_price_unknown`.
 *
 * @example
 * ```ts
 * const pricing: PricingOptions = {
 *   models: {
 *     'openai:gpt-4o': { inputPerMillion: 2.25, cacheReadPerMillion: 1.125, outputPerMillion: 9 }, // negotiated
 *     'my-finetune-*': { inputPerMillion: 3, outputPerMillion: 12 },
 *   },
 *   fallback: { inputPerMillion: 5, outputPerMillion: 20 },
 * };
 * ```
 */
export interface PricingOptions {
  /** Prices by `provider:model` or `model`; they override and extend the default table. Default: none. */
  readonly models?: Readonly<Record<string, ModelPrice>>;
  /** Whether the default table shipped with GenOps is used. Default: `true`. */
  readonly defaults?: boolean;
  /** Price of any model nothing else prices. Default: none (such calls are refused under USD). */
  readonly fallback?: ModelPrice;
}
