/**
 * The fixed reason_code taxonomy of spec v0.1 (Section 5.2).
 *
 * @example
 * ```ts
 * SPEC_REASON_CODES.includes('BUDGET_EXCEEDED'); // true
 * ```
 */
export const SPEC_REASON_CODES = [
  'BUDGET_EXCEEDED',
  'BUDGET_RESERVATION_FAILED',
  'POLICY_DENY_MODEL',
  'POLICY_DENY_REGION',
  'POLICY_DENY_CONTENT',
  'RATE_LIMITED',
  'SLA_LATENCY_VIOLATION',
  'PROVIDER_ERROR_UPSTREAM',
  'ACCOUNTING_INVARIANT_VIOLATION',
] as const;

/**
 * One of the nine reason codes of Section 5.2.
 *
 * @example
 * ```ts
 * const code: SpecReasonCode = 'POLICY_DENY_MODEL';
 * ```
 */
export type SpecReasonCode = (typeof SPEC_REASON_CODES)[number];

/**
 * Grammar of extension reason codes (Section 5.5): `x_` followed by one or more lowercase
 * alphanumeric characters or underscores.
 *
 * @example
 * ```ts
 * EXTENSION_REASON_CODE_PATTERN.test('x_internal_quota'); // true
 * EXTENSION_REASON_CODE_PATTERN.test('x_Quota'); // false
 * ```
 */
export const EXTENSION_REASON_CODE_PATTERN = /^x_[a-z0-9_]+$/;

/**
 * Whether a value is one of the nine taxonomy codes of Section 5.2 (exact, case-sensitive).
 *
 * @example
 * ```ts
 * isSpecReasonCode('RATE_LIMITED'); // true
 * isSpecReasonCode('x_custom'); // false: an extension code, see EXTENSION_REASON_CODE_PATTERN
 * ```
 */
export function isSpecReasonCode(value: unknown): value is SpecReasonCode {
  return typeof value === 'string' && (SPEC_REASON_CODES as readonly string[]).includes(value);
}
