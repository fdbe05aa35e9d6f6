import type { RefusedDecision } from '../decision/decision.js';
import type { ReasonCode } from '../decision/reason-code.js';
import { GenOpsError, hasMarker } from './genops-error.js';

const marker = Symbol.for('genops.error.policy');

/**
 * Thrown when governance refuses an AWU (`BLOCKED` or `RATE_LIMITED`). It is the only error GenOps
 * throws on purpose into a host call, and it is never retryable: `isRetryable` is always `false`
 * so that SDK retry loops stop. `retryAfterMs` tells when a rate-limited call may be tried again.
 *
 * @example
 * ```ts
 * try { await governor.execute(request, run); }
 * catch (error) {
 *   if (GenOpsPolicyError.isInstance(error) && error.decision.result === 'RATE_LIMITED') {
 *     await sleep(error.retryAfterMs ?? 1000);
 *   }
 * }
 * ```
 */
export class GenOpsPolicyError extends GenOpsError {
  /** The combined decision that refused the AWU. */
  readonly decision: RefusedDecision;
  /** Reason code from the GenOps taxonomy (or an `x_` extension). */
  readonly reasonCode: ReasonCode;
  /** Name of the policy (or budget) that decided. */
  readonly policyName: string;
  /** Name of the budget involved, when a budget decided. */
  readonly budgetName: string | undefined;
  /** Milliseconds until the call may succeed, when known (rate limits). */
  readonly retryAfterMs: number | undefined;
  /** Always `false`: a governance refusal must not be retried blindly. */
  readonly isRetryable = false as const;

  constructor(decision: RefusedDecision, options: { cause?: unknown } = {}) {
    super(
      `GenOps ${decision.result} by policy "${decision.policyName}" (${decision.reasonCode})` +
        (decision.reason ? `: ${decision.reason}` : '') +
        (decision.retryAfterMs !== undefined ? `; retry after ${decision.retryAfterMs} ms` : ''),
      options,
    );
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsPolicyError';
    this.decision = decision;
    this.reasonCode = decision.reasonCode;
    this.policyName = decision.policyName;
    this.budgetName = decision.budgetName;
    this.retryAfterMs = decision.retryAfterMs;
  }

  static override isInstance(error: unknown): error is GenOpsPolicyError {
    return hasMarker(error, marker);
  }
}
