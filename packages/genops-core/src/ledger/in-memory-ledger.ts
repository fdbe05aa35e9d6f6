import { type Clock, systemClock } from '../clock.js';
import { gcraStep } from '../internal/gcra.js';
import { budgetPeriodId } from './budget-period-id.js';
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
  budgets: { stateKey: string; budget: string; key: string; periodId: string; amount: number }[];
}

/**
 * The default ledger: budget and rate-limit state in this process's memory. Reservations are
 * all-or-nothing and synchronous inside (no other call can interleave), leases expire, settles are
 * idempotent by AWU id. Use `RedisLedger` from `@genops/redis` when several processes share budgets.
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
    return Promise.resolve(this.reserveSync(request));
  }

  /** Synchronous {@link reserve} (the governor uses it: no microtask per AWU). */
  reserveSync({ awuId, leaseMs, budgets, rates }: ReserveRequest): ReserveResult {
    const nowMs = this.#clock.nowMs();
    if (nowMs >= this.#nextSweepMs) this.#sweep(nowMs);
    let ok = true;

    const rateOutcomes: RateOutcome[] = [];
    const newTats: number[] = [];
    for (const claim of rates) {
      const step = gcraStep(
        this.#rates.get(claim.key) ?? 0,
        nowMs,
        claim.cost,
        claim.intervalMs,
        claim.burst,
      );
      if (!step.allowed && claim.enforce) ok = false;
      newTats.push(
        step.allowed
          ? step.tatMs
          : Math.max(this.#rates.get(claim.key) ?? 0, nowMs) + claim.cost * claim.intervalMs,
      );
      rateOutcomes.push({
        policy: claim.policy,
        key: claim.key,
        allowed: step.allowed,
        retryAfterMs: step.retryAfterMs,
      });
    }

    const positions: Mutable<BudgetPosition>[] = [];
    const stateKeys: string[] = [];
    for (const claim of budgets) {
      const period = budgetPeriodId(claim.period, nowMs);
      const stateKey = this.#stateKeyOf(claim.key, period);
      stateKeys.push(stateKey);
      const state = this.#budgets.get(stateKey);
      const consumed = state?.consumed ?? 0;
      const reserved = state?.reserved ?? 0;
      const available = claim.limit - consumed - reserved;
      const exhausted = available <= 0;
      const fits = claim.amount <= available;
      if (!fits && claim.enforce) ok = false;
      positions.push({
        budget: claim.budget,
        key: claim.key,
        periodId: period,
        allocated: claim.limit,
        consumed,
        reserved,
        remaining: available,
        exhausted,
        fits,
      });
    }

    if (!ok) return { reserved: false, nowMs, budgets: positions, rates: rateOutcomes };

    for (let index = 0; index < rates.length; index++) {
      this.#rates.set((rates[index] as RateClaim).key, newTats[index] as number);
    }
    const hold: Hold = { expiresAtMs: nowMs + leaseMs, budgets: [] };
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index]!;
      const claim = budgets[index]!;
      const stateKey = stateKeys[index]!;
      let state = this.#budgets.get(stateKey);
      if (state === undefined) {
        state = { budget: claim.budget, allocated: claim.limit, consumed: 0, reserved: 0 };
        this.#budgets.set(stateKey, state);
      }
      state.allocated = claim.limit;
      state.reserved += claim.amount;
      this.#currentPeriod.set(claim.key, position.periodId);
      hold.budgets.push({
        stateKey,
        budget: claim.budget,
        key: claim.key,
        periodId: position.periodId,
        amount: claim.amount,
      });
      position.reserved = state.reserved;
      position.remaining = state.allocated - state.consumed - state.reserved;
    }
    this.#holds.set(awuId, hold);
    return { reserved: true, nowMs, budgets: positions, rates: rateOutcomes };
  }

  settle(request: SettleRequest): Promise<SettleResult> {
    return Promise.resolve(this.settleSync(request));
  }

  /** Synchronous {@link settle} (the governor uses it: no microtask per settle). */
  settleSync({ awuId, actuals, rateCorrections }: SettleRequest): SettleResult {
    const nowMs = this.#clock.nowMs();
    const live = this.#holds.get(awuId);
    const hold = live ?? this.#expiredHolds.get(awuId);
    // Idempotency: a hold is consumed by its first settle or release; without one nothing is counted.
    if (hold === undefined) return { applied: false, lateAfterExpiry: false, budgets: [] };
    this.#holds.delete(awuId);
    this.#expiredHolds.delete(awuId);
    const lateAfterExpiry = hold !== undefined && (live === undefined || hold.expiresAtMs <= nowMs);
    if (live !== undefined) this.#releaseHold(live);
    const settled: SettledBudget[] = [];
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
      settled.push({
        budget: state.budget,
        key: actual.key,
        periodId: held.periodId,
        allocated: state.allocated,
        consumedBefore,
        consumedAfter: state.consumed,
        remaining: state.allocated - state.consumed - state.reserved,
      });
    }
    for (const correction of rateCorrections ?? []) {
      const tat = this.#rates.get(correction.key);
      if (tat !== undefined) {
        this.#rates.set(correction.key, tat + correction.deltaCost * correction.intervalMs);
      }
    }
    return { applied: true, lateAfterExpiry, budgets: settled };
  }

  release(awuId: string): Promise<void> {
    this.releaseSync(awuId);
    return Promise.resolve();
  }

  /** Synchronous {@link release}. */
  releaseSync(awuId: string): void {
    const hold = this.#holds.get(awuId);
    this.#expiredHolds.delete(awuId);
    if (hold === undefined) return;
    this.#holds.delete(awuId);
    this.#releaseHold(hold);
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
