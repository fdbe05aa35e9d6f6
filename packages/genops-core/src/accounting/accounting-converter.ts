import type { Clock } from '../clock.js';
import { calculateCost, reservationCost } from '../pricing/calculate-cost.js';
import type { PriceCatalog } from '../pricing/internal/price-catalog.js';
import type { TokenUsage } from './token-usage.js';

/** @internal Converts token estimates and usage into the governor's accounting unit. */
export interface AccountingConverter {
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
  /**
   * False when the converter cannot convert this model in its unit (USD accounting of a model without
   * a price): its amounts are 0 and its reconciliation is flagged incomplete. Absent: always true.
   */
  covers?(provider: string | undefined, model: string | undefined): boolean;
  /** ISO 4217 currency of {@link cost}; set when the governor has prices. */
  readonly currency?: string;
  /** Monetary cost of usage (`genops.cost.total`), or `undefined` when the model has no price. */
  cost?(
    usage: TokenUsage,
    provider: string | undefined,
    model: string | undefined,
  ): number | undefined;
}

/** @internal The `tokens` converter: input plus output tokens (cached and reasoning tokens included). */
export const tokenConverter: AccountingConverter = {
  unit: 'tokens',
  reserve: (inputTokens, outputTokens) => inputTokens + outputTokens,
  actual: (usage) => (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
};

/**
 * @internal The `tokens` converter that also prices usage for `genops.cost.*` telemetry (a governor
 * with `pricing` but token accounting).
 */
export function pricedTokenConverter(catalog: PriceCatalog, clock: Clock): AccountingConverter {
  return {
    ...tokenConverter,
    currency: 'USD',
    cost(usage, provider, model) {
      if (model === undefined) return undefined;
      const price = catalog.lookup(provider, model, clock.nowMs());
      return price === undefined ? undefined : calculateCost(price, usage);
    },
  };
}

/**
 * @internal The `USD` converter: reservations and actuals in US dollars at the catalog's prices (see
 * `calculateCost` and `reservationCost`). AWUs without a model (tools, retrieval) are not model
 * calls and convert to 0; a model without a price converts to 0 and is not covered (the governor's
 * pricing guard refuses it unless the governor is in shadow mode).
 */
export function usdConverter(catalog: PriceCatalog, clock: Clock): AccountingConverter {
  const priceOf = (provider: string | undefined, model: string | undefined) =>
    model === undefined ? undefined : catalog.lookup(provider, model, clock.nowMs());
  return {
    unit: 'USD',
    currency: 'USD',
    reserve(inputTokens, outputTokens, provider, model) {
      const price = priceOf(provider, model);
      return price === undefined ? 0 : reservationCost(price, inputTokens, outputTokens);
    },
    actual(usage, provider, model) {
      const price = priceOf(provider, model);
      return price === undefined ? 0 : calculateCost(price, usage);
    },
    covers: (provider, model) => model === undefined || priceOf(provider, model) !== undefined,
    cost(usage, provider, model) {
      const price = priceOf(provider, model);
      return price === undefined ? undefined : calculateCost(price, usage);
    },
  };
}
