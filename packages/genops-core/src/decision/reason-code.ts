/**
 * The closed reason_code taxonomy of GenOps v0.1 (Section 5.2).
 *
 * @example
 * ```ts
 * REASON_CODES.includes('BUDGET_EXCEEDED'); // true
 * ```
 */
export const REASON_CODES = [
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

/** A reason code defined by the specification. */
export type TaxonomyReasonCode = (typeof REASON_CODES)[number];

/** An implementation-defined extension code: `x_` followed by lowercase letters, digits or `_`. */
export type ExtensionReasonCode = `x_${string}`;

/** Any reason code GenOps may emit. */
export type ReasonCode = TaxonomyReasonCode | ExtensionReasonCode;

const taxonomy: ReadonlySet<string> = new Set(REASON_CODES);
const extensionPattern = /^x_[a-z0-9_]+$/;

/**
 * True when `code` is a taxonomy code or a valid `x_` extension code (Section 5.5).
 *
 * @example
 * ```ts
 * isReasonCode('x_internal_quota'); // true
 * isReasonCode('X_Bad');            // false
 * ```
 */
export function isReasonCode(code: unknown): code is ReasonCode {
  return typeof code === 'string' && (taxonomy.has(code) || extensionPattern.test(code));
}

/** True when `code` is a valid `x_` extension code. */
export function isExtensionReasonCode(code: unknown): code is ExtensionReasonCode {
  return typeof code === 'string' && extensionPattern.test(code);
}
