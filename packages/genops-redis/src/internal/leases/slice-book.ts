import { randomBytes } from 'node:crypto';
import type {
  BudgetClaim,
  BudgetPeriod,
  BudgetPosition,
  ReserveRequest,
  ReserveResult,
  SettledBudget,
  SettleRequest,
  SettleResult,
} from '@genops/core';
import { budgetPeriodId } from '@genops/core';
import { LEASE_OPERATION } from '../lua/lease-operation.js';
import { type ScriptRunner, Unavailable } from '../script-runner.js';
import { BudgetSlice } from './budget-slice.js';
import type { LeaseSettings } from './lease-settings.js';

/** An AWU's reservation on local slices. */
interface LocalHold {
  expiresAtMs: number;
  readonly entries: readonly { readonly slice: BudgetSlice; readonly amount: number }[];
  /** Part of the AWU was reserved in Redis (other budgets, rate limits). */
  readonly remote: boolean;
}

/** How a reservation splits between local slices and Redis. */
export interface SlicePlan {
  /** The slice of each budget claim reserved locally (by claim index), else undefined. */
  readonly local: readonly (BudgetSlice | undefined)[];
  /** Indexes of the budget claims that go to Redis. */
  readonly remote: readonly number[];
  /** Redis did not answer a lease call this reservation waited for (it need not ask again). */
  readonly unavailable: Unavailable | undefined;
}

/** A lease call's arguments after the holder's slice. */
interface LeaseCall {
  readonly give: number;
  readonly want: number;
  readonly min: number;
  /** Grants are whole multiples of it (the claim's amount); 0 for none. */
  readonly unit: number;
}

const SECOND_MS = 1_000;
/** How long an instance that Redis had no slice for reserves per call before it asks again. */
const DIRECT_MS = 1_000;
/** A slice must hold at least this many calls of the amount at hand to be worth leasing. */
const MIN_CALLS_PER_SLICE = 4;
/**
 * Finished local AWUs remembered, so a repeated settle or release is answered as already done.
 * Older repeats go to Redis, which has no record of them: nothing is counted there either.
 */
const FINISHED_MEMORY = 10_000;

/**
 * @internal Leased allowances: each hot budget instance holds a slice of its remaining allocation
 * leased from Redis (see `LEASE_OPERATION`), reserves and settles against it in this process
 * without a round trip, refills it in the background before it runs out, and gives unused amounts
 * back when idle, on `flush()` and on `close()`. A process that dies gives its slices back when
 * their leases run out.
 *
 * Cold instances (fewer than `hotCallsPerSecond` reservations a second here) and instances near
 * their limit (Redis has no slice worth giving) reserve per call in Redis instead. Before a call
 * that does not fit in its slice goes to Redis, the slice's unused part is given back, so that the
 * per-call reservation sees the whole shared pool but for the slices of other processes.
 */
export class SliceBook {
  readonly #runner: ScriptRunner;
  readonly #settings: LeaseSettings;
  readonly #memoryMs: number;
  readonly #holder = randomBytes(8).toString('hex');
  /** `<key>\u0000<periodId>` → slice. */
  readonly #slices = new Map<string, BudgetSlice>();
  /** Budget key → its slice last used (the current period's, as a rule): no key built per call. */
  readonly #current = new Map<string, BudgetSlice>();
  /** Budget key → reservations counted in the current second (hotness and demand). */
  readonly #activity = new Map<
    string,
    { windowMs: number; calls: number; amount: number; lastCalls: number; lastRate: number }
  >();
  readonly #holds = new Map<string, LocalHold>();
  readonly #expired = new Map<string, LocalHold>();
  /** AWUs settled or released here lately: a repeat is answered here (nothing counted twice). */
  #finished = new Set<string>();
  /** The generation before: between {@link FINISHED_MEMORY} and twice that many are remembered. */
  #finishedBefore = new Set<string>();
  /** Redis time minus local time, from the last lease call (Redis time is the authority). */
  #offsetMs = 0;
  #nextSweepMs = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(runner: ScriptRunner, settings: LeaseSettings, settledMemoryMs: number) {
    this.#runner = runner;
    this.#settings = settings;
    this.#memoryMs = settledMemoryMs;
  }

  /** Live slices (for tests and telemetry). */
  get slices(): readonly BudgetSlice[] {
    return [...this.#slices.values()];
  }

  /**
   * Reserves the whole request on local slices when every budget claim fits in one and there is
   * no rate claim: the result, with no I/O; otherwise undefined (nothing was reserved).
   */
  tryReserve(request: ReserveRequest): ReserveResult | undefined {
    const { budgets } = request;
    const nowMs = Date.now();
    if (nowMs >= this.#nextSweepMs) this.#sweep(nowMs);
    for (const claim of budgets) this.#count(claim, nowMs);
    if (request.rates.length > 0 || budgets.length === 0) return undefined;
    const local: BudgetSlice[] = [];
    for (const claim of budgets) {
      const slice = this.#usable(claim, nowMs);
      if (slice === undefined || slice.free < claim.amount) return undefined;
      local.push(slice);
    }
    return this.#commit(request, { local, remote: [] }, nowMs, false);
  }

  /**
   * Gets the slices of the request's hot instances ready (leased, refilled where a claim does not
   * fit), then splits the request: what fits locally is reserved there (tentatively: see
   * {@link commit} and {@link undo}), the rest goes to Redis. Never rejects: an instance whose
   * slice Redis cannot serve reserves in Redis.
   */
  async plan(request: ReserveRequest): Promise<SlicePlan> {
    const nowMs = Date.now();
    const failures = await Promise.all(request.budgets.map((claim) => this.#prepare(claim, nowMs)));
    const after = Date.now();
    const local: (BudgetSlice | undefined)[] = [];
    const remote: number[] = [];
    request.budgets.forEach((claim, index) => {
      const slice = this.#usable(claim, after);
      if (slice !== undefined && slice.free >= claim.amount) {
        // Tentative: held now so that no other call takes it while Redis is asked for the rest.
        slice.held += claim.amount;
        local.push(slice);
      } else {
        local.push(undefined);
        remote.push(index);
      }
    });
    return { local, remote, unavailable: failures.find((failure) => failure !== undefined) };
  }

  /** Records the AWU's local part of a plan (already held by `plan`) and its positions. */
  commit(request: ReserveRequest, plan: SlicePlan, remote: boolean): BudgetPosition[] {
    const nowMs = Date.now();
    const entries: { slice: BudgetSlice; amount: number }[] = [];
    const positions: BudgetPosition[] = [];
    request.budgets.forEach((claim, index) => {
      const slice = plan.local[index];
      if (slice === undefined) return;
      entries.push({ slice, amount: claim.amount });
      positions[index] = position(claim, slice, slice.held - claim.amount, true);
      slice.lastUseMs = nowMs;
    });
    if (entries.length > 0) {
      this.#holds.set(request.awuId, {
        expiresAtMs: nowMs + request.leaseMs,
        entries,
        remote,
      });
    }
    return positions;
  }

  /** Gives back what `plan` held for a reservation that Redis refused; their positions. */
  undo(request: ReserveRequest, plan: SlicePlan): BudgetPosition[] {
    const positions: BudgetPosition[] = [];
    request.budgets.forEach((claim, index) => {
      const slice = plan.local[index];
      if (slice === undefined) return;
      slice.held -= claim.amount;
      positions[index] = position(claim, slice, slice.held, false);
    });
    return positions;
  }

  /**
   * The budget keys an AWU reserved locally when it also reserved in Redis (its settle goes to
   * both); undefined when it did not reserve in both.
   */
  splitKeys(awuId: string): ReadonlySet<string> | undefined {
    const hold = this.#holds.get(awuId) ?? this.#expired.get(awuId);
    if (hold === undefined || !hold.remote) return undefined;
    return new Set(hold.entries.map((entry) => entry.slice.key));
  }

  /**
   * Settles an AWU's local part (its actuals for the budgets it reserved here); undefined when the
   * AWU holds nothing here.
   */
  trySettle({ awuId, actuals }: SettleRequest): SettleResult | undefined {
    const nowMs = Date.now();
    const live = this.#holds.get(awuId);
    const hold = live ?? this.#expired.get(awuId);
    if (hold === undefined) {
      if (!this.#isFinished(awuId)) return undefined;
      return { applied: false, lateAfterExpiry: false, budgets: [] };
    }
    this.#holds.delete(awuId);
    this.#expired.delete(awuId);
    this.#finish(awuId);
    if (live !== undefined) for (const entry of live.entries) entry.slice.held -= entry.amount;
    const budgets: SettledBudget[] = [];
    for (const actual of actuals) {
      const entry = hold.entries.find((held) => held.slice.key === actual.key);
      if (entry === undefined) continue;
      const { slice } = entry;
      const consumedBefore = slice.consumed;
      slice.unreported += actual.amount;
      budgets.push({
        budget: slice.budget,
        key: slice.key,
        periodId: slice.periodId,
        allocated: slice.limit,
        consumedBefore,
        consumedAfter: slice.consumed,
        remaining: slice.limit - slice.consumed - slice.reserved,
      });
    }
    const lateAfterExpiry = live === undefined || hold.expiresAtMs <= nowMs;
    return { applied: true, lateAfterExpiry, budgets };
  }

  /** Releases an AWU's local part: undefined when it holds nothing here, else whether it has a Redis part. */
  tryRelease(awuId: string): { remote: boolean } | undefined {
    const hold = this.#holds.get(awuId);
    const expired = this.#expired.get(awuId);
    this.#expired.delete(awuId);
    if (hold === undefined) {
      if (expired !== undefined) this.#finish(awuId);
      if (expired === undefined && this.#isFinished(awuId)) return { remote: false };
      return expired === undefined ? undefined : { remote: expired.remote };
    }
    this.#holds.delete(awuId);
    this.#finish(awuId);
    for (const entry of hold.entries) entry.slice.held -= entry.amount;
    return { remote: hold.remote };
  }

  /** Renews an AWU's local part: undefined when it holds nothing here, else whether it has a Redis part. */
  tryRenew(awuId: string, leaseMs: number): { remote: boolean } | undefined {
    const hold = this.#holds.get(awuId);
    if (hold === undefined) return undefined;
    hold.expiresAtMs = Date.now() + leaseMs;
    return { remote: hold.remote };
  }

  /** Remembers a finished AWU (the last {@link FINISHED_MEMORY} at least). */
  #finish(awuId: string): void {
    // Two generations dropped whole: no deletion per call (a Set's deletions leave holes that
    // later operations pay for).
    if (this.#finished.size >= FINISHED_MEMORY) {
      this.#finishedBefore = this.#finished;
      this.#finished = new Set();
    }
    this.#finished.add(awuId);
  }

  #isFinished(awuId: string): boolean {
    return this.#finished.has(awuId) || this.#finishedBefore.has(awuId);
  }

  /** This process's slice of an instance in a period, for snapshots. */
  sliceOf(key: string, periodId: string): BudgetSlice | undefined {
    return this.#slices.get(`${key}\u0000${periodId}`);
  }

  /**
   * Reports local consumption and gives every unused amount back (slices keep what covers the
   * holds of AWUs in flight). Rejects with `Unavailable` when a slice could not be written.
   */
  async flush(): Promise<void> {
    let failure: Unavailable | undefined;
    await Promise.all(
      [...this.#slices.values()].map(async (slice) => {
        await slice.inFlight;
        if (slice.retry !== undefined) await this.#send(slice, slice.retry);
        if (slice.unreported > 0 || slice.free > 0) {
          await this.#lease(slice, { give: Math.max(slice.free, 0), want: 0, min: 0, unit: 0 });
        }
        if (slice.retry !== undefined) {
          failure ??= new Unavailable('timeout', undefined);
        } else if (slice.empty) {
          this.#forget(slice);
        }
      }),
    );
    if (failure !== undefined) throw failure;
  }

  /** Stops the background timer. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Slices and local holds waiting to be written (for `pendingWrites`). */
  get pendingWrites(): number {
    let pending = 0;
    for (const slice of this.#slices.values()) {
      // A lease call that reports consumption (argument 8) is a write that must reach Redis.
      if (slice.retry !== undefined && Number(slice.retry[8]) > 0) pending++;
    }
    return pending;
  }

  /** The local time as Redis time. */
  #redisNow(nowMs: number): number {
    return nowMs + this.#offsetMs;
  }

  /** Counts a reservation of a budget instance (hotness, demand). */
  #count(claim: BudgetClaim, nowMs: number): void {
    let activity = this.#activity.get(claim.key);
    if (activity === undefined) {
      activity = { windowMs: nowMs, calls: 0, amount: 0, lastCalls: 0, lastRate: 0 };
      this.#activity.set(claim.key, activity);
    }
    if (nowMs - activity.windowMs >= SECOND_MS) {
      const recent = nowMs - activity.windowMs < 2 * SECOND_MS;
      activity.lastCalls = recent ? activity.calls : 0;
      activity.lastRate = recent ? activity.amount : 0;
      activity.windowMs = nowMs;
      activity.calls = 0;
      activity.amount = 0;
    }
    activity.calls++;
    activity.amount += claim.amount;
  }

  #hot(key: string, nowMs: number): boolean {
    const activity = this.#activity.get(key);
    // This second or the one before: an instance does not turn cold at every second's start.
    return (
      activity !== undefined &&
      nowMs - activity.windowMs < SECOND_MS &&
      Math.max(activity.calls, activity.lastCalls) >= this.#settings.hotCallsPerSecond
    );
  }

  /** The slice a claim can reserve on now (leased, unexpired, current period), if any. */
  #usable(claim: BudgetClaim, nowMs: number): BudgetSlice | undefined {
    const redisNow = this.#redisNow(nowMs);
    const periodId = budgetPeriodId(claim.period as BudgetPeriod, redisNow);
    let slice = this.#current.get(claim.key);
    if (slice === undefined || slice.periodId !== periodId) {
      slice = this.#slices.get(sliceKey(claim.key, periodId));
      if (slice !== undefined) this.#current.set(claim.key, slice);
    }
    if (slice === undefined || slice.cap === 0) return undefined;
    // Stop well before the lease runs out in Redis (a renewal is due long before).
    if (redisNow >= slice.expiresAtMs - this.#settings.ttlMs / 4) return undefined;
    if (slice.free < slice.cap / 2 && slice.inFlight === undefined && slice.retry === undefined) {
      this.#refillLater(slice, claim);
    }
    return slice;
  }

  /** Leases or refills the slice of a hot instance so that the claim fits, if Redis can. */
  /** Resolves with the failure of a lease call it waited for, if any. */
  async #prepare(claim: BudgetClaim, nowMs: number): Promise<Unavailable | undefined> {
    if (!this.#hot(claim.key, nowMs)) return;
    const periodId = budgetPeriodId(claim.period as BudgetPeriod, this.#redisNow(nowMs));
    const id = sliceKey(claim.key, periodId);
    let slice = this.#slices.get(id);
    if (slice === undefined) {
      slice = new BudgetSlice(claim.budget, claim.key, claim.period, periodId, claim.limit);
      this.#slices.set(id, slice);
      this.#startTimer();
    }
    slice.limit = claim.limit;
    const usable = this.#usable(claim, nowMs);
    if (usable !== undefined && usable.free >= claim.amount) return;
    if (slice.inFlight !== undefined) {
      await slice.inFlight;
      if (slice.retry !== undefined) return slice.failure;
      const after = this.#usable(claim, Date.now());
      if (after !== undefined && after.free >= claim.amount) return;
    }
    if (slice.retry !== undefined) {
      // A lease call that got no answer in time is sent again, unchanged, before anything else.
      await this.#send(slice, slice.retry);
      if (slice.retry !== undefined) return slice.failure;
      const after = this.#usable(claim, Date.now());
      if (after !== undefined && after.free >= claim.amount) return;
    }
    // Near the limit (Redis had no slice worth giving lately) calls reserve in Redis.
    const direct = slice.directUntilMs > Date.now();
    if (direct && slice.free <= 0) return;
    // Give the unused part back with the request, so that a call reserved in Redis sees the whole
    // pool. A slice is only worth leasing when it holds several calls.
    await this.#lease(slice, {
      give: Math.max(slice.free, 0),
      want: direct ? 0 : this.#target(claim),
      min: MIN_CALLS_PER_SLICE * claim.amount,
      unit: claim.amount,
    });
    return slice.retry === undefined ? undefined : slice.failure;
  }

  /** The slice size this process's demand for an instance calls for. */
  #target(claim: BudgetClaim): number {
    const activity = this.#activity.get(claim.key);
    const rate = Math.max(activity?.lastRate ?? 0, activity?.amount ?? 0);
    return Math.max(2 * MIN_CALLS_PER_SLICE * claim.amount, rate * this.#settings.demandSeconds);
  }

  #refillLater(slice: BudgetSlice, claim: BudgetClaim): void {
    if (slice.directUntilMs > Date.now()) return;
    void this.#lease(slice, {
      give: 0,
      want: this.#target(claim),
      min: claim.amount,
      unit: claim.amount,
    });
  }

  /** One lease call for a slice (single flight); never rejects. */
  #lease(slice: BudgetSlice, call: LeaseCall): Promise<void> {
    if (slice.inFlight !== undefined) return slice.inFlight;
    const report = slice.unreported;
    const give = Math.min(Math.max(call.give, 0), Math.max(slice.cap, 0));
    // Capacity given back is no longer used from now on, whatever Redis answers.
    slice.cap -= give;
    const args = [
      String(this.#memoryMs),
      slice.budget,
      slice.key,
      slice.period,
      slice.periodId,
      String(slice.limit),
      this.#holder,
      String(slice.seq++),
      String(report),
      String(give),
      String(call.want),
      String(call.min),
      String(this.#settings.maxShare),
      String(this.#settings.ttlMs),
      String(slice.held),
      String(call.unit),
    ];
    return this.#send(slice, args);
  }

  /** Sends a lease call; on failure keeps it to be sent again, unchanged (it is idempotent). */
  #send(slice: BudgetSlice, args: readonly string[]): Promise<void> {
    if (slice.inFlight !== undefined) return slice.inFlight;
    const sentMs = Date.now();
    const flight = this.#runner.run(LEASE_OPERATION, args).then(
      (reply) => {
        slice.retry = undefined;
        slice.failure = undefined;
        this.#apply(slice, args, reply, sentMs);
      },
      (error: unknown) => {
        // Unknown whether it was applied: the same call (same sequence number) is sent again.
        slice.retry = args;
        if (error instanceof Unavailable) slice.failure = error;
        else slice.directUntilMs = Date.now() + DIRECT_MS;
      },
    );
    slice.inFlight = flight.finally(() => {
      slice.inFlight = undefined;
    });
    return slice.inFlight;
  }

  #apply(slice: BudgetSlice, args: readonly string[], reply: unknown, sentMs: number): void {
    if (!Array.isArray(reply) || reply.length < 8) {
      slice.directUntilMs = Date.now() + DIRECT_MS;
      return;
    }
    // A call's reply is applied once: a call sent again after a timeout may be answered twice
    // (the late first answer, then 'duplicate').
    const seq = Number(args[7]);
    if (seq <= slice.appliedSeq) return;
    slice.appliedSeq = seq;
    const receivedMs = Date.now();
    const redisNow = Number(reply[2]);
    this.#offsetMs = redisNow - (sentMs + receivedMs) / 2;
    const sliceNow = Number(reply[4]);
    const report = Number(args[8]);
    const want = Number(args[10]);
    const grew = sliceNow > slice.cap - report + 1e-9;
    slice.unreported -= report;
    slice.cap = sliceNow;
    slice.leased = sliceNow;
    slice.expiresAtMs = sliceNow > 0 ? redisNow + this.#settings.ttlMs : 0;
    slice.renewedAtMs = redisNow;
    slice.knownConsumed = Number(reply[5]);
    slice.knownOthersReserved = Number(reply[6]) - sliceNow;
    slice.otherHolders = Number(reply[7]);
    if (want > 0 && !grew) slice.directUntilMs = receivedMs + DIRECT_MS;
  }

  #startTimer(): void {
    if (this.#timer !== undefined) return;
    const every = Math.max(50, Math.min(this.#settings.ttlMs / 6, this.#settings.idleMs / 2));
    this.#timer = setInterval(() => this.#tick(), every);
    this.#timer.unref?.();
  }

  /** Background upkeep: renew leases, report consumption, give idle slices back, forget empty ones. */
  #tick(): void {
    const nowMs = Date.now();
    this.#sweep(nowMs);
    const redisNow = this.#redisNow(nowMs);
    for (const slice of this.#slices.values()) {
      if (slice.inFlight !== undefined) continue;
      if (slice.retry !== undefined) {
        void this.#send(slice, slice.retry);
      } else if (
        nowMs - slice.lastUseMs >= this.#settings.idleMs ||
        (slice.directUntilMs > nowMs && slice.free > 0)
      ) {
        // Idle, or near the limit (calls reserve in Redis): the unused part goes back.
        if (slice.empty) this.#forget(slice);
        else void this.#lease(slice, { give: Math.max(slice.free, 0), want: 0, min: 0, unit: 0 });
      } else if (
        slice.unreported > 0 ||
        (slice.cap > 0 && redisNow - slice.renewedAtMs >= this.#settings.ttlMs / 3)
      ) {
        void this.#lease(slice, { give: 0, want: 0, min: 0, unit: 0 });
      }
    }
    if (this.#slices.size === 0) this.stop();
  }

  #forget(slice: BudgetSlice): void {
    this.#slices.delete(sliceKey(slice.key, slice.periodId));
    if (this.#current.get(slice.key) === slice) this.#current.delete(slice.key);
  }

  /** Releases expired local holds (kept for a late settle); forgets old ones. */
  #sweep(nowMs: number): void {
    this.#nextSweepMs = nowMs + SECOND_MS;
    for (const [awuId, hold] of this.#holds) {
      if (hold.expiresAtMs > nowMs) continue;
      this.#holds.delete(awuId);
      for (const entry of hold.entries) entry.slice.held -= entry.amount;
      this.#expired.set(awuId, hold);
    }
    for (const [awuId, hold] of this.#expired) {
      if (hold.expiresAtMs >= nowMs - this.#memoryMs) break;
      this.#expired.delete(awuId);
    }
    for (const [key, activity] of this.#activity) {
      if (nowMs - activity.windowMs >= 2 * SECOND_MS) this.#activity.delete(key);
    }
  }

  /** Commits a reservation made entirely on local slices: held, recorded, its result. */
  #commit(
    request: ReserveRequest,
    plan: { local: BudgetSlice[]; remote: [] },
    nowMs: number,
    remote: boolean,
  ): ReserveResult {
    const { budgets } = request;
    const positions = budgets.map((claim, index) => {
      const slice = plan.local[index]!;
      slice.held += claim.amount;
      slice.lastUseMs = nowMs;
      return position(claim, slice, slice.held - claim.amount, true);
    });
    this.#holds.set(request.awuId, {
      expiresAtMs: nowMs + request.leaseMs,
      entries: budgets.map((claim, index) => ({ slice: plan.local[index]!, amount: claim.amount })),
      remote,
    });
    return { reserved: true, nowMs: this.#redisNow(nowMs), budgets: positions, rates: [] };
  }
}

function sliceKey(key: string, periodId: string): string {
  return `${key}\u0000${periodId}`;
}

/** A budget position as this process knows it; `heldBefore`: its holds before this claim. */
function position(
  claim: BudgetClaim,
  slice: BudgetSlice,
  heldBefore: number,
  reserved: boolean,
): BudgetPosition {
  const consumed = slice.consumed;
  const before = slice.knownOthersReserved + heldBefore;
  const available = claim.limit - consumed - before;
  const after = reserved ? before + claim.amount : before;
  return {
    budget: claim.budget,
    key: claim.key,
    periodId: slice.periodId,
    allocated: claim.limit,
    consumed,
    reserved: after,
    remaining: claim.limit - consumed - after,
    exhausted: available <= 0,
    fits: claim.amount <= available,
  };
}
