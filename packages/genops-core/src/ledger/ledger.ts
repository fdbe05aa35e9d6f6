import type { ExtensionReasonCode } from '../decision/reason-code.js';

/** Budget periods; calendar periods are UTC. */
export type BudgetPeriod = 'hour' | 'day' | 'week' | 'month' | 'total';

/** One budget an AWU reserves against. */
export interface BudgetClaim {
  /** Budget name. */
  readonly budget: string;
  /** State key: the budget name plus the scope values that select its instance (e.g. one customer). */
  readonly key: string;
  /** Period of the budget; the ledger derives the period id from its own clock. */
  readonly period: BudgetPeriod;
  /** Allocation for one period. */
  readonly limit: number;
  /** Amount to reserve. */
  readonly amount: number;
  /** When `false` (`onExceed: 'warn'`, shadow mode) the amount is reserved even if it does not fit. */
  readonly enforce: boolean;
}

/** One rate limit an AWU draws on (GCRA: generic cell rate algorithm). */
export interface RateClaim {
  /** Policy name. */
  readonly policy: string;
  /** State key: the policy name plus the scope values. */
  readonly key: string;
  /** Milliseconds per unit of cost at the sustained rate (for example 60_000 / requestsPerMinute). */
  readonly intervalMs: number;
  /** Units that may be spent at once. */
  readonly burst: number;
  /** Units this AWU spends (1 per request, or estimated tokens). */
  readonly cost: number;
  /** When `false` (shadow mode) the cost is spent even when over the limit. */
  readonly enforce: boolean;
}

/** An atomic, all-or-nothing reservation across budgets and rate limits. */
export interface ReserveRequest {
  /** The AWU id; settle and release are keyed by it. */
  readonly awuId: string;
  /** The reservation expires (is released) after this long unless renewed or settled. */
  readonly leaseMs: number;
  readonly budgets: readonly BudgetClaim[];
  readonly rates: readonly RateClaim[];
}

/** Where a budget stands after a reservation attempt. */
export interface BudgetPosition {
  readonly budget: string;
  readonly key: string;
  /** Period id, e.g. `2026-11`, `2026-W47`, `2026-11-21`, `2026-11-21T13`, `total`. */
  readonly periodId: string;
  readonly allocated: number;
  /** Settled consumption in the period. */
  readonly consumed: number;
  /** Outstanding reservations, including this one when it was made. */
  readonly reserved: number;
  /** `allocated - consumed - reserved`. */
  readonly remaining: number;
  /** Nothing was left before this claim (`BUDGET_EXCEEDED`). */
  readonly exhausted: boolean;
  /** The claim fitted in what was left (otherwise `BUDGET_RESERVATION_FAILED`). */
  readonly fits: boolean;
}

/** The outcome of one rate claim. */
export interface RateOutcome {
  readonly policy: string;
  readonly key: string;
  readonly allowed: boolean;
  /** Milliseconds until the claim would be allowed; 0 when allowed. */
  readonly retryAfterMs: number;
}

/** Result of {@link Ledger.reserve}. */
export interface ReserveResult {
  /** True when every enforced claim fitted and everything was reserved; false when nothing was. */
  readonly reserved: boolean;
  /** The ledger's clock at the reservation (Unix epoch ms). */
  readonly nowMs: number;
  readonly budgets: readonly BudgetPosition[];
  readonly rates: readonly RateOutcome[];
  /**
   * Set when the reservation was made without the shared store (a ledger failing open): the
   * governor records a `WARNING` decision of policy `ledger` with this reason code.
   */
  readonly degraded?: { readonly reasonCode: ExtensionReasonCode; readonly reason: string };
}

/** Actual consumption for one budget instance. */
export interface BudgetActual {
  readonly key: string;
  readonly amount: number;
}

/** Correction of a rate claim once the real cost is known (token rate limits). */
export interface RateCorrection {
  readonly key: string;
  /** `actual cost - reserved cost`, in units. */
  readonly deltaCost: number;
  readonly intervalMs: number;
}

/** Settles an AWU's reservation with its actual consumption. Idempotent by `awuId`. */
export interface SettleRequest {
  readonly awuId: string;
  readonly actuals: readonly BudgetActual[];
  readonly rateCorrections?: readonly RateCorrection[];
}

/** Consumption of one budget instance before and after a settle (for alert thresholds). */
export interface SettledBudget {
  readonly budget: string;
  readonly key: string;
  readonly periodId: string;
  readonly allocated: number;
  readonly consumedBefore: number;
  readonly consumedAfter: number;
  readonly remaining: number;
}

/** Result of {@link Ledger.settle}. */
export interface SettleResult {
  /** `false` when this AWU had already been settled (nothing was counted again). */
  readonly applied: boolean;
  /** `true` when the reservation had expired before the settle arrived (the actual was still recorded). */
  readonly lateAfterExpiry: boolean;
  readonly budgets: readonly SettledBudget[];
}

/** State of one budget instance, for operators. */
export interface BudgetSnapshot {
  readonly budget: string;
  readonly key: string;
  readonly periodId: string;
  readonly allocated: number;
  readonly consumed: number;
  readonly reserved: number;
  readonly remaining: number;
}

/**
 * Where budget and rate-limit state lives. Every operation is atomic; `settle` and `release` are
 * idempotent by AWU id; reservations are leases that expire. The in-memory default is
 * {@link InMemoryLedger}; `@genops/redis` shares state across processes.
 *
 * Implementations must not interpret the claims beyond what is documented here: the governor makes
 * the decision from the positions the ledger reports, so that decisions stay deterministic.
 */
export interface Ledger {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  settle(request: SettleRequest): Promise<SettleResult>;
  /** Releases a reservation without consumption (the AWU never executed). */
  release(awuId: string): Promise<void>;
  /** Extends a reservation's lease (long streams). */
  renew(awuId: string, leaseMs: number): Promise<void>;
  /** The current period's state of a budget instance (`key` defaults to the budget name). */
  snapshot(budget: string, key?: string): Promise<BudgetSnapshot | undefined>;
  /** Writes anything pending (a no-op for synchronous stores). */
  flush?(): Promise<void>;
  /** Flushes and releases resources the ledger owns. */
  close?(): Promise<void>;
}
