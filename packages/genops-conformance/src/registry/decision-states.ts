/**
 * The closed set of enforcement decision states of spec v0.1 (Section 4.1), most severe first.
 *
 * @example
 * ```ts
 * DECISION_STATES.includes('WARNING'); // true
 * ```
 */
export const DECISION_STATES = ['BLOCKED', 'RATE_LIMITED', 'WARNING', 'ALLOWED'] as const;

/**
 * One of the four decision states of Section 4.1.
 *
 * @example
 * ```ts
 * const state: DecisionState = 'ALLOWED';
 * ```
 */
export type DecisionState = (typeof DECISION_STATES)[number];

/**
 * Severity rank of each decision state, used to find the AWU's overall decision when it records
 * several `genops.policy.evaluated` events: `BLOCKED` (3) > `RATE_LIMITED` (2) > `WARNING` (1) >
 * `ALLOWED` (0).
 *
 * @example
 * ```ts
 * SPEC_DECISION_SEVERITY.BLOCKED > SPEC_DECISION_SEVERITY.WARNING; // true
 * ```
 */
export const SPEC_DECISION_SEVERITY: Readonly<Record<DecisionState, number>> = {
  BLOCKED: 3,
  RATE_LIMITED: 2,
  WARNING: 1,
  ALLOWED: 0,
};

/**
 * Decision states after which the AWU does not proceed to execution (Sections 4.1, 7.2.1).
 *
 * @example
 * ```ts
 * REFUSING_DECISION_STATES.includes('RATE_LIMITED'); // true
 * ```
 */
export const REFUSING_DECISION_STATES: readonly DecisionState[] = ['BLOCKED', 'RATE_LIMITED'];

/**
 * Whether a value is one of the four decision states (exact, case-sensitive).
 *
 * @example
 * ```ts
 * isDecisionState('ALLOWED'); // true
 * isDecisionState('allowed'); // false
 * ```
 */
export function isDecisionState(value: unknown): value is DecisionState {
  return typeof value === 'string' && (DECISION_STATES as readonly string[]).includes(value);
}
