import type { PriceCatalog } from '../pricing/internal/price-catalog.js';
import type { GovernancePolicy } from './governance-policy.js';

/** @internal Name of the built-in policy that refuses unpriced models under USD accounting. */
export const PRICING_GUARD_NAME = 'pricing';

/**
 * @internal Under USD accounting, refuses (BLOCKED `x_price_unknown`) an AWU whose model has no
 * price; records no decision for priced models and for AWUs without a model (they measure 0).
 */
export function pricingGuard(catalog: PriceCatalog): GovernancePolicy {
  return {
    name: PRICING_GUARD_NAME,
    evaluate(context) {
      const { provider, model } = context;
      if (model === undefined || catalog.lookup(provider, model, context.nowMs) !== undefined) {
        return undefined;
      }
      const subject = provider === undefined ? model : `${provider}:${model}`;
      return {
        result: 'BLOCKED',
        reasonCode: 'x_price_unknown',
        reason: `no USD price is known for ${subject}; add it to \`pricing.models\` or set \`pricing.fallback\``,
      };
    },
  };
}
