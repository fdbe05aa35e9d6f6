import { GenOpsConfigError } from '../../errors/genops-config-error.js';
import type { ModelPrice, PriceTier } from '../model-price.js';

const priceFields = [
  'inputPerMillion',
  'outputPerMillion',
  'cacheReadPerMillion',
  'cacheWritePerMillion',
  'reasoningPerMillion',
] as const;

const isPrice = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** @internal Validates a {@link ModelPrice}; throws `GenOpsConfigError` naming `field` and below. */
export function validateModelPrice(value: unknown, field: string): ModelPrice {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GenOpsConfigError({
      field,
      expected: 'a price object { inputPerMillion, outputPerMillion, … } in USD per million tokens',
      received: value,
    });
  }
  const price = value as Record<string, unknown>;
  for (const name of priceFields) {
    const entry = price[name];
    const required = name === 'inputPerMillion' || name === 'outputPerMillion';
    if ((required || entry !== undefined) && !isPrice(entry)) {
      throw new GenOpsConfigError({
        field: `${field}.${name}`,
        expected: 'a finite number of USD per million tokens >= 0',
        received: entry,
      });
    }
  }
  const { tiers } = price;
  if (tiers !== undefined) {
    if (!Array.isArray(tiers)) {
      throw new GenOpsConfigError({
        field: `${field}.tiers`,
        expected: 'an array of { aboveInputTokens, …prices }',
        received: tiers,
      });
    }
    tiers.forEach((tier: unknown, index) => {
      validateTier(tier, `${field}.tiers[${index}]`);
    });
  }
  return value as ModelPrice;
}

function validateTier(value: unknown, field: string): PriceTier {
  if (typeof value !== 'object' || value === null) {
    throw new GenOpsConfigError({
      field,
      expected: 'a tier { aboveInputTokens, …prices }',
      received: value,
    });
  }
  const tier = value as Record<string, unknown>;
  const threshold = tier.aboveInputTokens;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    throw new GenOpsConfigError({
      field: `${field}.aboveInputTokens`,
      expected: 'a whole number of input tokens >= 0',
      received: threshold,
    });
  }
  for (const name of priceFields) {
    const entry = tier[name];
    if (entry !== undefined && !isPrice(entry)) {
      throw new GenOpsConfigError({
        field: `${field}.${name}`,
        expected: 'a finite number of USD per million tokens >= 0',
        received: entry,
      });
    }
  }
  return value as PriceTier;
}
