import type { Unavailable } from '../script-runner.js';

/**
 * @internal This process's slice of one budget instance in one period: the part of its allocation
 * Redis holds for this process (a lease), and what the process did with it locally.
 *
 * The invariant that keeps a hard budget strict across processes: `held + unreported <= cap`, and
 * `cap` never exceeds what Redis counts as this process's slice. Redis counts every slice in the
 * instance's `reserved`, so `consumed + reserved <= limit` in Redis bounds everything reserved or
 * consumed anywhere. A resize that gives capacity back lowers `cap` before it is sent; growth
 * raises it only once Redis answered.
 */
export class BudgetSlice {
  readonly budget: string;
  readonly key: string;
  readonly period: string;
  readonly periodId: string;
  /** The allocation the last claim named. */
  limit: number;
  /** What this process may hold and consume locally (≤ its slice in Redis). */
  cap = 0;
  /** The slice as Redis holds it, at the last lease call. */
  leased = 0;
  /** Local holds of AWUs in flight. */
  held = 0;
  /** Consumption settled locally, not yet reported to Redis. */
  unreported = 0;
  /** Redis time (ms) at which the lease runs out; 0 without a lease. */
  expiresAtMs = 0;
  /** Redis time (ms) of the last successful lease call. */
  renewedAtMs = 0;
  /** The sequence number of the next lease call (idempotency in Redis). */
  seq = 1;
  /** The sequence number of the last lease call whose reply was applied here. */
  appliedSeq = 0;
  /** Consumed in Redis at the last lease call. */
  knownConsumed = 0;
  /** Reserved in Redis at the last lease call, other than this slice (other processes, AWUs). */
  knownOthersReserved = 0;
  /** Other processes holding a slice at the last lease call. */
  otherHolders = 0;
  /** A lease call in flight (one at a time per slice). */
  inFlight: Promise<void> | undefined;
  /** The arguments of a lease call that failed: sent again, unchanged, before any other. */
  retry: readonly string[] | undefined;
  /** Why that call failed, when Redis did not answer it. */
  failure: Unavailable | undefined;
  /** Until then (local clock) the instance reserves per call: Redis had no slice to give. */
  directUntilMs = 0;
  /** Local clock of the last reservation made on this slice. */
  lastUseMs = 0;

  constructor(budget: string, key: string, period: string, periodId: string, limit: number) {
    this.budget = budget;
    this.key = key;
    this.period = period;
    this.periodId = periodId;
    this.limit = limit;
  }

  /** What is left to reserve locally. */
  get free(): number {
    return this.cap - this.held - this.unreported;
  }

  /** Consumption in this period as this process knows it. */
  get consumed(): number {
    return this.knownConsumed + this.unreported;
  }

  /** Reserved in this period as this process knows it: other holds and slices, plus its own holds. */
  get reserved(): number {
    return this.knownOthersReserved + this.held;
  }

  /** Nothing held, nothing to report, no lease: the slice can be forgotten. */
  get empty(): boolean {
    return (
      this.held === 0 &&
      this.unreported === 0 &&
      this.cap === 0 &&
      this.retry === undefined &&
      this.inFlight === undefined
    );
  }
}
