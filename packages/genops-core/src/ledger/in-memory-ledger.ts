import { type Clock, systemClock } from '../clock.js';
import { append } from '../internal/append.js';
import type { Mutable } from '../internal/mutable.js';
import { NONE } from '../internal/none.js';
import { budgetPeriodId } from './budget-period-id.js';
import { gcraStep } from './gcra.js';
import { SYNCHRONOUS_LEDGER, type SynchronousLedger } from './internal/synchronous-ledger.js';
import type {
  BudgetPosition,
  BudgetSnapshot,
  Ledger,
  RateClaim,
  RateOutcome,
  ReserveRequest,
  ReserveResult,
  SettledBudget,
  SettleRequest,
  SettleResult,
} from './ledger.js';

/** Options of {@link InMemoryLedger}. */
export interface InMemoryLedgerOptions {
  /** Time source for periods, leases and rate limits. Default: the system clock. */
  clock?: Clock;
  /**
   * How long a reservation whose lease ran out is kept so that a late settle still records its
   * actual (once). Default: 1 hour.
   */
  expiredMemoryMs?: number;
}

interface BudgetState {
  budget: string;
  allocated: number;
  consumed: number;
  reserved: number;
}

interface Hold {
  expiresAtMs: number;
  budgets: readonly {
    stateKey: string;
    budget: string;
    key: string;
    periodId: string;
    amount: number;
  }[];
}

/**
 * The default ledger: budget and rate-limit state in this process's memory. Reservations are
 * all-or-nothing and synchronous inside (no other call can interleave), leases expire, settles are
 * idempotent by AWU id. Use `RedisLedger` from `@genops/redis` when several processes share budgets.
 * Lists in its answers are read-only, as their types say (an empty one is shared and frozen).
 *
 * @example
 * ```ts
 * const ledger = new InMemoryLedger();
 * const governor = createGovernor({ attribution, budgets, ledger });
 * await ledger.snapshot('support-monthly'); // { allocated, consumed, reserved, remaining, periodId, … }
 * ```
 */
export class InMemoryLedger implements Ledger {
  readonly #clock: Clock;
  readonly #expiredMemoryMs: number;
  readonly #budgets = new Map<string, BudgetState>();
  readonly #holds = new Map<string, Hold>();
  readonly #expiredHolds = new Map<string, Hold>();
  readonly #rates = new Map<string, number>();
  /**
   * Budget key → the state key of its current period: the same string every call (its hash is
   * computed once), rebuilt when the period changes.
   */
  readonly #stateKeys = new Map<string, { periodId: string; stateKey: string }>();
  /** Budget key → period id last reserved, for snapshots. */
  readonly #currentPeriod = new Map<string, string>();
  #nextSweepMs = 0;

  constructor({ clock = systemClock, expiredMemoryMs = 3_600_000 }: InMemoryLedgerOptions = {}) {
    this.#clock = clock;
    this.#expiredMemoryMs = expiredMemoryMs;
  }

  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return Promise.resolve(this.#reserve(request));
  }

  /**
   * @internal The governor's synchronous protocol: `reserve` and `settle` without a microtask. Not
   * offered by a subclass that overrides either, so that its overrides are always the ones called.
   */
  [SYNCHRONOUS_LEDGER](): SynchronousLedger | undefined {
    if (
      this.reserve !== InMemoryLedger.prototype.reserve ||
      this.settle !== InMemoryLedger.prototype.settle
    ) {
      return undefined;
    }
    return {
      reserve: (request) => this.#reserve(request),
      settle: (request) => this.#settle(request),
    };
  }

  // Longer than ~60 lines: the all-or-nothing reservation checks every claim before it writes any,
  // in one pass that must not be interleaved; the Redis Lua port mirrors it step by step.
  #reserve({ awuId, leaseMs, budgets, rates }: ReserveRequest): ReserveResult {
    const nowMs = this.#clock.nowMs();
    if (nowMs >= this.#nextSweepMs) this.#sweep(nowMs);
    let ok = true;

    // Lists are sized by the request (`map`, `append`): most requests hold one claim or none.
    let rateOutcomes: RateOutcome[] | undefined;
    let newTats: number[] | undefined;
    for (const claim of rates) {
      const step = gcraStep(
        this.#rates.get(claim.key) ?? 0,
        nowMs,
        claim.cost,
        claim.intervalMs,
        claim.burst,
      );
      if (!step.allowed && claim.enforce) ok = false;
      newTats = append(
        newTats,
        step.allowed
          ? step.tatMs
          : Math.max(this.#rates.get(claim.key) ?? 0, nowMs) + claim.cost * claim.intervalMs,
      );
      rateOutcomes = append(rateOutcomes, {
        policy: claim.policy,
        key: claim.key,
        allowed: step.allowed,
        retryAfterMs: step.retryAfterMs,
      });
    }

    const positions = budgets.map((claim): Mutable<BudgetPosition> => {
      const periodId = budgetPeriodId(claim.period, nowMs);
      const state = this.#budgets.get(this.#stateKeyOf(claim.key, periodId));
      const consumed = state?.consumed ?? 0;
      const reserved = state?.reserved ?? 0;
      const available = claim.limit - consumed - reserved;
      const fits = claim.amount <= available;
      if (!fits && claim.enforce) ok = false;
      return {
        budget: claim.budget,
        key: claim.key,
        periodId,
        allocated: claim.limit,
        consumed,
        reserved,
        remaining: available,
        exhausted: available <= 0,
        fits,
      };
    });
    const rateAnswers = rateOutcomes ?? NONE;

    if (!ok) return { reserved: false, nowMs, budgets: positions, rates: rateAnswers };

    newTats?.forEach((tatMs, index) => {
      this.#rates.set((rates[index] as RateClaim).key, tatMs);
    });
    const held = positions.map((position, index) => {
      const claim = budgets[index]!;
      // The same memoized string as above (no second key built).
      const stateKey = this.#stateKeyOf(claim.key, position.periodId);
      let state = this.#budgets.get(stateKey);
      if (state === undefined) {
        state = { budget: claim.budget, allocated: claim.limit, consumed: 0, reserved: 0 };
        this.#budgets.set(stateKey, state);
      }
      state.allocated = claim.limit;
      state.reserved += claim.amount;
      this.#currentPeriod.set(claim.key, position.periodId);
      position.reserved = state.reserved;
      position.remaining = state.allocated - state.consumed - state.reserved;
      return {
        stateKey,
        budget: claim.budget,
        key: claim.key,
        periodId: position.periodId,
        amount: claim.amount,
      };
    });
    this.#holds.set(awuId, { expiresAtMs: nowMs + leaseMs, budgets: held });
    return { reserved: true, nowMs, budgets: positions, rates: rateAnswers };
  }

  settle(request: SettleRequest): Promise<SettleResult> {
    return Promise.resolve(this.#settle(request));
  }

  #settle({ awuId, actuals, rateCorrections }: SettleRequest): SettleResult {
    const nowMs = this.#clock.nowMs();
    const live = this.#holds.get(awuId);
    const hold = live ?? this.#expiredHolds.get(awuId);
    // Idempotency: a hold is consumed by its first settle or release; without one nothing is counted.
    if (hold === undefined) return { applied: false, lateAfterExpiry: false, budgets: NONE };
    // Both: an id reserved again after its first hold expired has one of each.
    this.#expiredHolds.delete(awuId);
    if (live !== undefined) {
      this.#holds.delete(awuId);
      this.#releaseHold(live);
    }
    const lateAfterExpiry = live === undefined || hold.expiresAtMs <= nowMs;
    let settled: SettledBudget[] | undefined;
    for (const actual of actuals) {
      let held: Hold['budgets'][number] | undefined;
      for (const entry of hold.budgets) {
        if (entry.key === actual.key) {
          held = entry;
          break;
        }
      }
      if (held === undefined) continue;
      const state = this.#budgets.get(held.stateKey);
      if (state === undefined) continue;
      const consumedBefore = state.consumed;
      state.consumed += actual.amount;
      settled = append(settled, {
        budget: state.budget,
        key: actual.key,
        periodId: held.periodId,
        allocated: state.allocated,
        consumedBefore,
        consumedAfter: state.consumed,
        remaining: state.allocated - state.consumed - state.reserved,
      });
    }
    if (rateCorrections !== undefined) {
      for (const correction of rateCorrections) {
        const tat = this.#rates.get(correction.key);
        if (tat !== undefined) {
          this.#rates.set(correction.key, tat + correction.deltaCost * correction.intervalMs);
        }
      }
    }
    return { applied: true, lateAfterExpiry, budgets: settled ?? NONE };
  }

  release(awuId: string): Promise<void> {
    const hold = this.#holds.get(awuId);
    this.#expiredHolds.delete(awuId);
    if (hold !== undefined) {
      this.#holds.delete(awuId);
      this.#releaseHold(hold);
    }
    return Promise.resolve();
  }

  renew(awuId: string, leaseMs: number): Promise<void> {
    const hold = this.#holds.get(awuId);
    if (hold !== undefined) hold.expiresAtMs = this.#clock.nowMs() + leaseMs;
    return Promise.resolve();
  }

  snapshot(budget: string, key: string = budget): Promise<BudgetSnapshot | undefined> {
    this.#sweep(this.#clock.nowMs());
    const period = this.#currentPeriod.get(key);
    const state =
      period === undefined ? undefined : this.#budgets.get(this.#stateKeyOf(key, period));
    if (state === undefined || period === undefined || state.budget !== budget) {
      return Promise.resolve(undefined);
    }
    return Promise.resolve({
      budget,
      key,
      periodId: period,
      allocated: state.allocated,
      consumed: state.consumed,
      reserved: state.reserved,
      remaining: state.allocated - state.consumed - state.reserved,
    });
  }

  #stateKeyOf(key: string, periodId: string): string {
    const known = this.#stateKeys.get(key);
    if (known !== undefined && known.periodId === periodId) return known.stateKey;
    const stateKey = `${key}\u0000${periodId}`;
    this.#stateKeys.set(key, { periodId, stateKey });
    return stateKey;
  }

  #releaseHold(hold: Hold): void {
    for (const held of hold.budgets) {
      const state = this.#budgets.get(held.stateKey);
      if (state) state.reserved -= held.amount;
    }
  }

  /** Releases expired leases (remembering them for late settles) and forgets old expired ones. */
  #sweep(nowMs: number): void {
    this.#nextSweepMs = nowMs + 1_000;
    for (const [awuId, hold] of this.#holds) {
      if (hold.expiresAtMs <= nowMs) {
        this.#holds.delete(awuId);
        this.#releaseHold(hold);
        this.#expiredHolds.set(awuId, hold);
      }
    }
    const forgetBefore = nowMs - this.#expiredMemoryMs;
    for (const [awuId, hold] of this.#expiredHolds) {
      if (hold.expiresAtMs >= forgetBefore) break;
      this.#expiredHolds.delete(awuId);
    }
  }
}
