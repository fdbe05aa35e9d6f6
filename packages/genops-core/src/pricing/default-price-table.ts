import { defaultSchedule, defaultTable, priceAt } from './internal/default-table.js';
import type { ModelPrice } from './model-price.js';

/** Where the default price table comes from. */
export interface DefaultPriceTableInfo {
  /** The npm package the snapshot was generated from: `@pydantic/genai-prices`. */
  readonly source: string;
  /** Its version. */
  readonly sourceVersion: string;
  readonly sourceUrl: string;
  /** UTC date (`YYYY-MM-DD`) the snapshot was generated. */
  readonly generatedAt: string;
  /** Always `USD`. */
  readonly currency: 'USD';
  /** Providers the table prices. */
  readonly providers: readonly string[];
}

/**
 * The default price table shipped with `@genops/core`: a dated snapshot of the token prices of the
 * OpenAI, Anthropic, Google and Mistral models tracked by `@pydantic/genai-prices`, with their
 * scheduled price changes and long-context tiers. No download happens at run time; regenerate it
 * with `src/pricing/scripts/update-default-prices.ts` (see `docs/pricing.md`).
 *
 * @example
 * ```ts
 * console.log(`prices as of ${DEFAULT_PRICE_TABLE.generatedAt} from ${DEFAULT_PRICE_TABLE.source}`);
 * ```
 */
export const DEFAULT_PRICE_TABLE: DefaultPriceTableInfo = Object.freeze({
  source: defaultTable.source,
  sourceVersion: defaultTable.sourceVersion,
  sourceUrl: defaultTable.sourceUrl,
  generatedAt: defaultTable.generatedAt,
  currency: defaultTable.currency,
  providers: Object.freeze(
    defaultTable.providers
      .filter((provider) => provider.models !== null)
      .map((provider) => provider.id),
  ),
});

/** Options of {@link findDefaultPrice}. */
export interface FindDefaultPriceOptions {
  /** Provider as requests name it (`openai`, `openai.chat`, `gcp.vertex_ai`); inferred from the model when absent. */
  readonly provider?: string;
  /** Model id (`gpt-4o`, `claude-sonnet-4-5-20250929`). */
  readonly model: string;
  /** When the price should apply (Unix epoch ms). Default: now. */
  readonly atMs?: number;
}

/**
 * The default table's price for a model, or `undefined` when the table does not price it.
 *
 * @example
 * ```ts
 * findDefaultPrice({ provider: 'openai', model: 'gpt-4o' });
 * // { inputPerMillion: 2.5, cacheReadPerMillion: 1.25, outputPerMillion: 10 }
 * ```
 */
export function findDefaultPrice({
  provider,
  model,
  atMs = Date.now(),
}: FindDefaultPriceOptions): ModelPrice | undefined {
  const schedule = defaultSchedule(provider, model);
  return schedule === undefined ? undefined : (priceAt(schedule, atMs) ?? undefined);
}
