/**
 * @internal The shared, frozen empty list handed out where a per-call list has nothing in it (most
 * AWUs hold no rate or run limit): not allocated per call. Read-only, like every list in the ledger
 * and AWU types.
 *
 * @example
 * ```ts
 * return { reserved: true, budgets: positions, rates: rateOutcomes ?? NONE };
 * ```
 */
export const NONE: readonly never[] = Object.freeze([]);
