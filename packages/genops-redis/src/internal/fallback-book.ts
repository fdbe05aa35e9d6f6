import type {
  BudgetActual,
  BudgetPosition,
  ReserveRequest,
  ReserveResult,
  SettledBudget,
  SettleResult,
} from '@genops/core';
import { budgetPeriodId } from '@genops/core';
import type { FallbackEntry } from './settle-codec.js';

interface LocalHold {
  expiresAtMs: number;
  /** The lease ran out and the local reservation was released (the hold stays for a late settle). */
  lapsed: boolean;
  readonly entries: readonly FallbackEntry[];
}

const stateKey = (key: string, period: string) => `${key}\u0000${period}`;

/**
 * @internal What a process reserved and consumed locally while Redis was unavailable, in fail-open
 * mode. Positions are this process's best knowledge: the consumption last seen in Redis for the
 * same period, plus what was consumed locally and not yet written back, plus the local holds.
 * Nothing is refused: fail-open lets every call through.
 */
export class FallbackBook {
  readonly #holds = new Map<string, LocalHold>();
  readonly #reserved = new Map<string, number>();
  /** Consumption recorded locally and not yet written back. */
  readonly #unwritten = new Map<string, number>();
  /** Consumption last seen in Redis, per budget instance. */
  readonly #seen = new Map<string, { periodId: string; consumed: number }>();
  readonly #memoryMs: number;
  #nextSweepMs = 0;

  constructor(settledMemoryMs: number) {
    this.#memoryMs = settledMemoryMs;
  }

  /** Remembers the consumption Redis reported for a budget instance. */
  observe(key: string, period: string, consumed: number): void {
    this.#seen.set(key, { periodId: period, consumed });
  }

  reserve({ awuId, leaseMs, budgets, rates }: ReserveRequest, nowMs: number): ReserveResult {
    this.#sweep(nowMs);
    const entries: FallbackEntry[] = [];
    const positions: BudgetPosition[] = budgets.map((claim) => {
      const period = budgetPeriodId(claim.period, nowMs);
      const state = stateKey(claim.key, period);
      const reserved = (this.#reserved.get(state) ?? 0) + claim.amount;
      this.#reserved.set(state, reserved);
      entries.push({
        budget: claim.budget,
        key: claim.key,
        periodId: period,
        limit: claim.limit,
        amount: claim.amount,
      });
      const consumed = this.#consumed(claim.key, period);
      return {
        budget: claim.budget,
        key: claim.key,
        periodId: period,
        allocated: claim.limit,
        consumed,
        reserved,
        remaining: claim.limit - consumed - reserved,
        exhausted: false,
        fits: true,
      };
    });
    this.#holds.set(awuId, { expiresAtMs: nowMs + leaseMs, lapsed: false, entries });
    return {
      reserved: true,
      nowMs,
      budgets: positions,
      rates: rates.map((claim) => ({
        policy: claim.policy,
        key: claim.key,
        allowed: true,
        retryAfterMs: 0,
      })),
    };
  }

  /** Settles a local hold: the result, and the consumption to write back. */
  settle(
    awuId: string,
    actuals: readonly BudgetActual[],
    nowMs: number,
  ): { result: SettleResult; entries: FallbackEntry[] } | undefined {
    const hold = this.#holds.get(awuId);
    if (hold === undefined) return undefined;
    this.#holds.delete(awuId);
    this.#releaseHold(hold);
    const budgets: SettledBudget[] = [];
    const entries: FallbackEntry[] = [];
    for (const actual of actuals) {
      const held = hold.entries.find((entry) => entry.key === actual.key);
      if (held === undefined) continue;
      const state = stateKey(held.key, held.periodId);
      const consumedBefore = this.#consumed(held.key, held.periodId);
      this.#unwritten.set(state, (this.#unwritten.get(state) ?? 0) + actual.amount);
      const consumedAfter = consumedBefore + actual.amount;
      budgets.push({
        budget: held.budget,
        key: held.key,
        periodId: held.periodId,
        allocated: held.limit,
        consumedBefore,
        consumedAfter,
        remaining: held.limit - consumedAfter - (this.#reserved.get(state) ?? 0),
      });
      entries.push({ ...held, amount: actual.amount });
    }
    const lateAfterExpiry = hold.lapsed || hold.expiresAtMs <= nowMs;
    return { result: { applied: true, lateAfterExpiry, budgets }, entries };
  }

  /** Consumption that was written back to Redis is no longer counted locally. */
  written(entries: readonly FallbackEntry[]): void {
    for (const entry of entries) {
      const state = stateKey(entry.key, entry.periodId);
      const left = (this.#unwritten.get(state) ?? 0) - entry.amount;
      if (left > 0) this.#unwritten.set(state, left);
      else this.#unwritten.delete(state);
    }
  }

  /** Releases a local hold; false when the AWU has none. */
  release(awuId: string): boolean {
    const hold = this.#holds.get(awuId);
    if (hold === undefined) return false;
    this.#holds.delete(awuId);
    this.#releaseHold(hold);
    return true;
  }

  /** Renews a local hold; false when the AWU has none. */
  renew(awuId: string, leaseMs: number, nowMs: number): boolean {
    const hold = this.#holds.get(awuId);
    if (hold === undefined) return false;
    if (!hold.lapsed) hold.expiresAtMs = nowMs + leaseMs;
    return true;
  }

  #consumed(key: string, period: string): number {
    const seen = this.#seen.get(key);
    const base = seen !== undefined && seen.periodId === period ? seen.consumed : 0;
    return base + (this.#unwritten.get(stateKey(key, period)) ?? 0);
  }

  #releaseHold(hold: LocalHold): void {
    if (hold.lapsed) return;
    hold.lapsed = true;
    for (const entry of hold.entries) {
      const state = stateKey(entry.key, entry.periodId);
      const left = (this.#reserved.get(state) ?? 0) - entry.amount;
      if (left > 0) this.#reserved.set(state, left);
      else this.#reserved.delete(state);
    }
  }

  /** Releases lapsed local leases; forgets holds a settle can no longer be expected for. */
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + 1_000;
    for (const [awuId, hold] of this.#holds) {
      if (hold.expiresAtMs <= nowMs) this.#releaseHold(hold);
      if (hold.expiresAtMs < nowMs - this.#memoryMs) this.#holds.delete(awuId);
    }
  }
}
