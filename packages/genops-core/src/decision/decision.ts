import type { ReasonCode } from './reason-code.js';

/** The four decision states of GenOps v0.1 (Section 4.1). */
export type DecisionResult = 'ALLOWED' | 'WARNING' | 'RATE_LIMITED' | 'BLOCKED';

/**
 * What one policy concludes about one AWU. Policies return verdicts; the governor names them
 * ({@link PolicyDecision}) and combines them ({@link Decision}).
 *
 * @example
 * ```ts
 * const verdict: PolicyVerdict = { result: 'BLOCKED', reasonCode: 'POLICY_DENY_MODEL', reason: 'gpt-3.5 is retired' };
 * ```
 */
export type PolicyVerdict =
  | { readonly result: 'ALLOWED'; readonly reason?: string }
  | {
      readonly result: 'WARNING' | 'BLOCKED';
      readonly reasonCode: ReasonCode;
      readonly reason?: string;
      readonly budgetName?: string;
    }
  | {
      readonly result: 'RATE_LIMITED';
      readonly reasonCode: ReasonCode;
      readonly retryAfterMs: number;
      readonly reason?: string;
    };

/**
 * A verdict attributed to the policy that produced it. Each refusal, warning or decision with a
 * reason is one `genops.policy.evaluated` event; the plain `ALLOWED` decisions of an AWU are one
 * `ALLOWED` event that names them (`genops.policy.name`, or `genopsjs.policy.names` for several).
 */
export type PolicyDecision = PolicyVerdict & {
  /** `genops.policy.name`. */
  readonly policyName: string;
  /** True when the policy ran in shadow mode and its refusal was turned into a `WARNING`. */
  readonly shadowed?: boolean;
};

interface DecisionCommon {
  /** Every policy decision that contributed, in evaluation order. */
  readonly evaluations: readonly PolicyDecision[];
  /** Unix epoch milliseconds at which the decision was made (`genops.policy.timestamp`). */
  readonly timestampMs: number;
}

/** No governance constraint was violated; the AWU proceeds. */
export interface AllowedDecision extends DecisionCommon {
  readonly result: 'ALLOWED';
  readonly proceeds: true;
}

/** A condition was noted (over a `warn` budget, a shadowed refusal, a predicted SLA miss); the AWU proceeds. */
export interface WarningDecision extends DecisionCommon {
  readonly result: 'WARNING';
  readonly proceeds: true;
  readonly reasonCode: ReasonCode;
  readonly policyName: string;
  readonly reason?: string;
  readonly budgetName?: string;
  /** True when the warning stands for a refusal that shadow mode let through. */
  readonly shadowed: boolean;
}

/** The AWU must not proceed. */
export interface BlockedDecision extends DecisionCommon {
  readonly result: 'BLOCKED';
  readonly proceeds: false;
  readonly reasonCode: ReasonCode;
  readonly policyName: string;
  readonly reason?: string;
  readonly budgetName?: string;
  readonly retryAfterMs?: undefined;
}

/** The AWU was refused by a rate limit; it may be retried after `retryAfterMs`. */
export interface RateLimitedDecision extends DecisionCommon {
  readonly result: 'RATE_LIMITED';
  readonly proceeds: false;
  readonly reasonCode: ReasonCode;
  readonly policyName: string;
  readonly reason?: string;
  readonly budgetName?: undefined;
  readonly retryAfterMs: number;
}

/** A decision that refuses execution. */
export type RefusedDecision = BlockedDecision | RateLimitedDecision;

/**
 * The combined enforcement decision of an AWU: the most severe policy decision wins
 * (`BLOCKED` > `RATE_LIMITED` > `WARNING` > `ALLOWED`); among equals, the first in evaluation order.
 *
 * @example
 * ```ts
 * const awu = await governor.begin(request);
 * if (!awu.decision.proceeds) console.log(awu.decision.reasonCode, awu.decision.policyName);
 * ```
 */
export type Decision = AllowedDecision | WarningDecision | RefusedDecision;

/** Severity order used to combine decisions. */
export const DECISION_SEVERITY: Readonly<Record<DecisionResult, number>> = {
  ALLOWED: 0,
  WARNING: 1,
  RATE_LIMITED: 2,
  BLOCKED: 3,
};
