import type { AwuRun } from '../accounting/awu-run.js';
import type { CompiledBudget } from '../accounting/compile-budget.js';
import type { Estimate } from '../accounting/estimate.js';
import type { HeldBudget, HeldTokenRate } from '../accounting/held-budget.js';
import type { Reservation } from '../accounting/reservation.js';
import type { RunLimit } from '../accounting/run-limit.js';
import type { Attribution } from '../attribution/attribution.js';
import { allowedDecision } from '../decision/allowed-decision.js';
import type { PolicyDecision, PolicyVerdict } from '../decision/decision.js';
import { namedVerdict } from '../decision/named-verdict.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import { append } from '../internal/append.js';
import { NONE } from '../internal/none.js';
import type { BudgetClaim, RateClaim, ReserveResult } from '../ledger/ledger.js';
import type { RateClaimSpec } from '../policies/governance-policy.js';

/** What a ledger decides when it reserved nothing yet refused no claim (it broke its contract). */
const NOTHING_RESERVED: PolicyDecision = Object.freeze({
  result: 'BLOCKED',
  reasonCode: 'BUDGET_RESERVATION_FAILED',
  policyName: 'ledger',
  reason: 'the ledger reserved nothing without refusing a claim; failing closed',
});

/**
 * @internal What the pre-execution phase of one AWU has decided and taken: its decisions, the rate
 * claims its policies made, the run limits and budget instances it holds. `beginSteps` drives the
 * phase (it is the part that may wait) and reads this state; only these methods write it.
 *
 * The phase is refused exactly when one of its decisions refuses (`BLOCKED` or `RATE_LIMITED`), so
 * `refused` agrees with the combined decision's `proceeds`. Lists are made on their first item
 * (`append`): most AWUs hold one budget and no rate or run limit.
 *
 * @example
 * ```ts
 * const phase = new PreExecution(estimate);
 * phase.decide(decision);
 * if (!phase.refused) phase.reserveRunLimits(parentRun);
 * ```
 */
export class PreExecution {
  readonly #estimate: Estimate;
  #evaluations: PolicyDecision[] | undefined;
  #refused = false;
  #rateClaims: RateClaim[] | undefined;
  /** The reason of each of `#rateClaims` (same index), read only when a claim is refused. */
  #rateReasons: (string | undefined)[] | undefined;
  #tokenRates: HeldTokenRate[] | undefined;
  #ancestorLimits: RunLimit[] | undefined;
  #held: HeldBudget[] | undefined;
  /** The ledger answered `reserved: true`: it holds something for this AWU until settle or release. */
  #ledgerReserved = false;

  constructor(estimate: Estimate) {
    this.#estimate = estimate;
  }

  /** Every decision so far, in evaluation order; `undefined` before the first. */
  get evaluations(): readonly PolicyDecision[] | undefined {
    return this.#evaluations;
  }

  /** Whether a decision refused the AWU: the caller then evaluates and takes nothing more. */
  get refused(): boolean {
    return this.#refused;
  }

  /** The rate claims for the ledger, `undefined` when no policy made one. */
  get rateClaims(): readonly RateClaim[] | undefined {
    return this.#rateClaims;
  }

  /** Token-based rate claims, corrected at settle. */
  get tokenRates(): readonly HeldTokenRate[] {
    return this.#tokenRates ?? NONE;
  }

  /** Run limits of the runs this AWU belongs to that it holds a reservation on. */
  get ancestorLimits(): readonly RunLimit[] {
    return this.#ancestorLimits ?? NONE;
  }

  /** Budget instances the ledger reserved on. */
  get held(): readonly HeldBudget[] {
    return this.#held ?? NONE;
  }

  /** What the AWU took, to settle or give back after execution. */
  get reservation(): Reservation {
    return { held: this.held, tokenRates: this.tokenRates, ancestorLimits: this.ancestorLimits };
  }

  /** Records a decision; a refusing one (`BLOCKED`, `RATE_LIMITED`) marks the phase refused. */
  decide(decision: PolicyDecision): void {
    this.#evaluations = append(this.#evaluations, decision);
    if (decision.result === 'BLOCKED' || decision.result === 'RATE_LIMITED') this.#refused = true;
  }

  /** Records a policy's rate claims for the ledger (enforced only in `enforce` mode). */
  claimRates(policyName: string, mode: PolicyMode, claims: readonly RateClaimSpec[]): void {
    for (const claim of claims) {
      this.#rateClaims = append(this.#rateClaims, {
        policy: policyName,
        key: claim.key,
        intervalMs: claim.intervalMs,
        burst: claim.burst,
        cost: claim.cost,
        enforce: mode === 'enforce',
      });
      this.#rateReasons = append(this.#rateReasons, claim.reason);
      if (claim.costBasis === 'tokens') {
        this.#tokenRates = append(this.#tokenRates, {
          key: claim.key,
          intervalMs: claim.intervalMs,
        });
      }
    }
  }

  /**
   * Reserves the estimate on the run limit of every run this AWU belongs to, nearest first (they
   * are process-local, reserved before the ledger); the first that cannot hold it refuses.
   */
  reserveRunLimits(parent: AwuRun | undefined): void {
    const { amount, unit } = this.#estimate;
    for (let run = parent; run !== undefined; run = run.parentRun) {
      const limit = run.runLimit;
      if (limit === undefined) continue;
      if (!limit.tryReserve(amount)) {
        this.decide({
          result: 'BLOCKED',
          reasonCode: limit.remaining <= 0 ? 'BUDGET_EXCEEDED' : 'BUDGET_RESERVATION_FAILED',
          policyName: 'run-limit',
          budgetName: `run-limit:${run.operation.name}`,
          reason: `the run limit of ${limit.limit} ${unit} has ${limit.remaining} left, ${amount} needed`,
        });
        return;
      }
      this.#ancestorLimits = append(this.#ancestorLimits, limit);
    }
  }

  /**
   * Gives back what a refused AWU took: its run limits here, and through `releaseHolds` what the
   * ledger reserved (only a ledger whose answer contradicts itself reserves for a refused AWU).
   * Idempotent.
   */
  release(releaseHolds: () => void): void {
    if (this.#ancestorLimits !== undefined) {
      for (const limit of this.#ancestorLimits) limit.release(this.#estimate.amount);
      this.#ancestorLimits = undefined;
    }
    this.#held = undefined;
    if (this.#ledgerReserved) {
      this.#ledgerReserved = false;
      releaseHolds();
    }
  }

  /** The claims of the budgets that apply to this attribution, `undefined` when none does. */
  budgetClaims(
    budgets: readonly CompiledBudget[],
    attribution: Readonly<Attribution>,
  ): BudgetClaim[] | undefined {
    let claims: BudgetClaim[] | undefined;
    for (const budget of budgets) {
      const key = budget.keyFor(attribution);
      if (key === undefined) continue;
      claims = append(claims, {
        budget: budget.name,
        key,
        period: budget.period,
        limit: budget.limit,
        amount: this.#estimate.amount,
        enforce: budget.enforce,
      });
    }
    return claims;
  }

  /**
   * Records the ledger's answer: a decision per rate claim and per budget (a warning when the
   * ledger ran degraded), and the budget instances now held when it reserved. A ledger that
   * reserved nothing without refusing any claim is answered with a refusal of its own.
   */
  // Longer than ~60 lines: one decision per part of the ledger's answer (degraded, rates, budgets),
  // in the order they are combined.
  readReservation(result: ReserveResult, budgets: readonly CompiledBudget[]): void {
    if (result.degraded !== undefined) {
      this.decide({
        result: 'WARNING',
        reasonCode: result.degraded.reasonCode,
        policyName: 'ledger',
        reason: result.degraded.reason,
      });
    }
    for (const rate of result.rates) {
      if (rate.allowed) {
        this.decide(allowedDecision(rate.policy));
        continue;
      }
      // The refused claim itself: by policy and key (two policies may claim the same key).
      const index =
        this.#rateClaims?.findIndex(
          (claim) => claim.policy === rate.policy && claim.key === rate.key,
        ) ?? -1;
      const reason = this.#rateReasons?.[index];
      this.decide(
        namedVerdict(
          {
            result: 'RATE_LIMITED',
            reasonCode: 'RATE_LIMITED',
            retryAfterMs: rate.retryAfterMs,
            ...(reason === undefined ? {} : { reason }),
          },
          rate.policy,
          this.#rateClaims?.[index]?.enforce === false,
        ),
      );
    }
    const { amount, unit } = this.#estimate;
    for (const position of result.budgets) {
      const budget = budgets.find((candidate) => candidate.name === position.budget);
      if (position.fits) {
        this.decide(allowedDecision(position.budget));
      } else {
        const left = position.exhausted
          ? `has nothing left of ${position.allocated} ${unit}`
          : // Positions of a completed reservation already include this AWU's amount.
            `has ${result.reserved ? position.remaining + amount : position.remaining} ${unit} left, ${amount} needed`;
        const verdict: PolicyVerdict = {
          result: budget?.enforce === false && !budget.shadow ? 'WARNING' : 'BLOCKED',
          reasonCode: position.exhausted ? 'BUDGET_EXCEEDED' : 'BUDGET_RESERVATION_FAILED',
          reason: `budget ${position.budget} (${position.periodId}) ${left}`,
          budgetName: position.budget,
        };
        this.decide(namedVerdict(verdict, position.budget, budget?.shadow === true));
      }
      if (result.reserved) {
        this.#held = append(this.#held, {
          budget: position.budget,
          key: position.key,
          alertAt: budget?.alertAt ?? NONE,
          periodId: position.periodId,
          remainingAfterReservation: position.remaining,
        });
      }
    }
    this.#ledgerReserved = result.reserved;
    if (!result.reserved && !this.#refused) this.decide(NOTHING_RESERVED);
  }
}
