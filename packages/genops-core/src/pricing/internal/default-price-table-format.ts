import type { ModelPrice } from '../model-price.js';

/**
 * @internal Model-id matching rules of the default table (the `@pydantic/genai-prices` format):
 * every comparison is case-insensitive on the lower-cased id; `regex` is tested on it as is.
 */
export type MatchRule =
  | { readonly equals: string }
  | { readonly starts_with: string }
  | { readonly ends_with: string }
  | { readonly contains: string }
  | { readonly regex: string }
  | { readonly or: readonly MatchRule[] }
  | { readonly and: readonly MatchRule[] };

/** @internal A price of the snapshot: `null` when the model has no token price. */
export type SnapshotPrice = ModelPrice;

/** @internal One entry of a model's price schedule; `from` is a UTC date (`YYYY-MM-DD`) or `null`. */
export interface SnapshotSchedule {
  readonly from: string | null;
  readonly price: SnapshotPrice | null;
}

/** @internal A model of the snapshot. */
export interface SnapshotModel {
  readonly id: string;
  readonly match: MatchRule;
  readonly schedule: readonly SnapshotSchedule[];
}

/** @internal A provider of the snapshot; `models` is `null` for providers the table does not price. */
export interface SnapshotProvider {
  readonly id: string;
  readonly name: string;
  readonly providerMatch: MatchRule | null;
  readonly modelMatch: MatchRule | null;
  readonly fallbackProviders: readonly string[];
  readonly pricingUrls: readonly string[];
  readonly models: readonly SnapshotModel[] | null;
}

/** @internal The checked-in default price table (`default-prices.json`). */
export interface DefaultPriceTable {
  readonly source: string;
  readonly sourceVersion: string;
  readonly sourceUrl: string;
  /** UTC date the snapshot was generated. */
  readonly generatedAt: string;
  readonly currency: 'USD';
  readonly unit: string;
  readonly providers: readonly SnapshotProvider[];
}
