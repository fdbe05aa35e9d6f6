import type { CheckOptions } from '../check/check-options.js';

/**
 * Options of {@link expectGenOpsCompliant} and the `toBeGenOpsCompliant` matcher.
 *
 * @example
 * ```ts
 * expectGenOpsCompliant(spans, { failOnWarnings: true });
 * ```
 */
export interface ExpectGenOpsCompliantOptions extends CheckOptions {
  /** Also fail when the report has warnings. Default `false`. */
  readonly failOnWarnings?: boolean;
  /** Offending AWUs listed per rule in the failure message. Default `5`. */
  readonly maxAwusPerRule?: number;
}
