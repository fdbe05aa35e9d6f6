import { boundedMemo } from '../internal/bounded-memo.js';
import type { Attribution, AttributionField } from './attribution.js';

/**
 * @internal The key function of a scope whose only `'*'` field is one field (the common
 * `{ customer_id: '*' }`), `undefined` for any other scope: `format(field, value)` of the
 * attribution's value, `undefined` without one. Each value's key is made once, so every call gets
 * the same string and the Maps keyed on it hash it once.
 *
 * @example
 * ```ts
 * const keyFor = singleFieldKey(['customer_id'], (field, value) => `per-customer|${field}=${value}`);
 * keyFor?.({ ...attribution, customer_id: 'acme' }); // 'per-customer|customer_id=acme', same string each call
 * ```
 */
export function singleFieldKey(
  perValue: readonly AttributionField[],
  format: (field: AttributionField, value: string) => string,
): ((attribution: Readonly<Attribution>) => string | undefined) | undefined {
  const [field] = perValue;
  if (perValue.length !== 1 || field === undefined) return undefined;
  const keyOf = boundedMemo((value) => format(field, value));
  return (attribution) => {
    const value = attribution[field];
    return value === undefined ? undefined : keyOf(value);
  };
}
