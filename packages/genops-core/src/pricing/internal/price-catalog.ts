import { GenOpsConfigError } from '../../errors/genops-config-error.js';
import { compileGlob, type GlobMatcher } from '../../internal/compile-glob.js';
import type { ModelPrice } from '../model-price.js';
import type { PricingOptions } from '../pricing-options.js';
import { defaultSchedule, type PriceSchedule, priceAt, resolveProvider } from './default-table.js';
import { validateModelPrice } from './validate-model-price.js';

/** @internal Resolves model prices for a governor: user prices, default table, fallback. */
export interface PriceCatalog {
  /** The price in effect at `atMs`, or `undefined` when nothing prices the model. */
  lookup(provider: string | undefined, model: string, atMs: number): ModelPrice | undefined;
}

const MAX_CACHED = 10_000;

/** @internal Validates `pricing` (fields named under `field`) and builds the catalog. */
// Longer than ~60 lines: validation of each pricing field in turn, then the lookup closure
// over what was validated.
export function createPriceCatalog(
  options: PricingOptions | undefined,
  field: string,
): PriceCatalog {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new GenOpsConfigError({
      field,
      expected: 'a pricing object { models?, defaults?, fallback? }',
      received: options,
    });
  }
  const { models = {}, defaults = true, fallback } = options ?? {};
  if (typeof models !== 'object' || models === null || Array.isArray(models)) {
    throw new GenOpsConfigError({
      field: `${field}.models`,
      expected: "an object of prices keyed by 'provider:model' or 'model'",
      received: models,
    });
  }
  if (typeof defaults !== 'boolean') {
    throw new GenOpsConfigError({
      field: `${field}.defaults`,
      expected: 'a boolean',
      received: defaults,
    });
  }
  const fallbackPrice =
    fallback === undefined ? undefined : validateModelPrice(fallback, `${field}.fallback`);

  const exact = new Map<string, ModelPrice>();
  const globs: [GlobMatcher, ModelPrice][] = [];
  for (const [key, price] of Object.entries(models)) {
    const at = `${field}.models[${JSON.stringify(key)}]`;
    if (key.trim() === '' || key.trim() === '*') {
      throw new GenOpsConfigError({
        field: at,
        expected: "a key 'provider:model' or 'model' (use `fallback` for a catch-all price)",
        received: key,
      });
    }
    validateModelPrice(price, at);
    const lower = key.trim().toLowerCase();
    if (lower.includes('*')) globs.push([compileGlob(lower), price]);
    else if (exact.has(lower)) {
      throw new GenOpsConfigError({
        field: at,
        expected: 'a key unique regardless of case',
        received: key,
      });
    } else exact.set(lower, price);
  }

  const cache = new Map<string, PriceSchedule | null>();
  const resolve = (provider: string | undefined, model: string): PriceSchedule | null => {
    const lowerModel = model.trim().toLowerCase();
    const names: string[] = [];
    if (provider !== undefined) {
      const raw = provider.trim().toLowerCase();
      names.push(`${raw}:${lowerModel}`);
      const canonical = resolveProvider(provider, model);
      if (canonical !== undefined && canonical !== raw) names.push(`${canonical}:${lowerModel}`);
    }
    names.push(lowerModel);
    for (const name of names) {
      const price = exact.get(name);
      if (price !== undefined) return [{ fromMs: Number.NEGATIVE_INFINITY, price }];
    }
    for (const [matches, price] of globs) {
      if (names.some(matches)) return [{ fromMs: Number.NEGATIVE_INFINITY, price }];
    }
    if (defaults) {
      const schedule = defaultSchedule(provider, model);
      if (schedule?.some((entry) => entry.price !== null)) return schedule;
    }
    return fallbackPrice === undefined
      ? null
      : [{ fromMs: Number.NEGATIVE_INFINITY, price: fallbackPrice }];
  };

  return {
    lookup(provider, model, atMs) {
      const key = `${provider ?? ''}\u0000${model}`;
      let schedule = cache.get(key);
      if (schedule === undefined) {
        if (cache.size >= MAX_CACHED) cache.clear();
        schedule = resolve(provider, model);
        cache.set(key, schedule);
      }
      if (schedule === null) return undefined;
      return priceAt(schedule, atMs) ?? fallbackPrice;
    },
  };
}
