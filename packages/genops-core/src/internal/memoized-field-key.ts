import type { Attribution, AttributionField } from '../attribution.js';
import { boundedMemo } from './bounded-memo.js';

/**
 * @internal The key of a scope with a single `'*'` field (the common `{ customer_id: '*' }`):
 * `format(value)` of the attribution's value for `field`, `undefined` without one. Each value's key
 * is made once, so every call gets the same string and the Maps keyed on it hash it once.
 *
 * @example
 * ```ts
 * const keyFor = memoizedFieldKey('customer_id', (value) => `per-customer|customer_id=${value}`);
 * keyFor({ ...attribution, customer_id: 'acme' }); // 'per-customer|customer_id=acme', same string each call
 * ```
 */
export function memoizedFieldKey(
  field: AttributionField,
  format: (value: string) => string,
): (attribution: Readonly<Attribution>) => string | undefined {
  const keyOf = boundedMemo(format);
  return (attribution) => {
    const value = attribution[field];
    return value === undefined ? undefined : keyOf(value);
  };
}
