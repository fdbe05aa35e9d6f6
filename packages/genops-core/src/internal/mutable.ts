/**
 * @internal `T` with its `readonly` modifiers removed: for building a public read-only object
 * field by field before handing it out.
 *
 * @example
 * ```ts
 * const decision: Mutable<PolicyDecision> = { result: 'BLOCKED', reasonCode, policyName };
 * if (reason !== undefined) decision.reason = reason;
 * ```
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
