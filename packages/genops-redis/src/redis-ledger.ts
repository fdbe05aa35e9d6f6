import type {
  BudgetPosition,
  BudgetSnapshot,
  Ledger,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  SettleResult,
} from '@genops/core';
import { GenOpsLedgerStateError } from './errors/genops-ledger-state-error.js';
import {
  GenOpsLedgerUnavailableError,
  type LedgerOperation,
} from './errors/genops-ledger-unavailable-error.js';
import { FallbackBook } from './internal/fallback-book.js';
import { SliceBook, type SlicePlan } from './internal/leases/slice-book.js';
import { RELEASE_OPERATION } from './internal/lua/release-operation.js';
import { RENEW_OPERATION } from './internal/lua/renew-operation.js';
import { SNAPSHOT_OPERATION } from './internal/lua/snapshot-operation.js';
import {
  checkBudgetRequest,
  finite,
  parseReserve,
  reserveArgs,
  type ScriptReply,
  strings,
  text,
} from './internal/reserve-codec.js';
import { ReserveSettleBatcher } from './internal/reserve-settle-batcher.js';
import { resolveLedgerOptions } from './internal/resolve-ledger-options.js';
import { ScriptBatcher } from './internal/script-batcher.js';
import { ScriptRunner, Unavailable } from './internal/script-runner.js';
import { parseSettle, settleArgs } from './internal/settle-codec.js';
import { type PendingWrite, WriteBackQueue } from './internal/write-back-queue.js';
import type {
  OnUnavailable,
  RedisLedgerOptions,
  RedisReserveResult,
} from './redis-ledger-options.js';

/**
 * A ledger on Redis: budgets and rate limits shared by every process that uses the same Redis and
 * key prefix, with exactly the semantics of the core's `InMemoryLedger`.
 *
 * - Each reservation is one Lua call (one round trip): all-or-nothing across every budget and
 *   rate claim of the AWU, on Redis server time (UTC periods, leases, GCRA rate limits). On Redis 7+
 *   the ledger uses Redis Functions (a library it loads itself with `FUNCTION LOAD REPLACE`, again
 *   after a restart or `FUNCTION FLUSH`); where FUNCTION or FCALL is unavailable (Redis before 7,
 *   an ACL that refuses them) it runs the same Lua as EVALSHA scripts.
 * - A settle is never awaited by the caller: it is sent right behind the next reservation (or after
 *   the current I/O turn), so Redis answers the reservation first.
 * - Reservations are leases: a process that dies leaves nothing reserved once its leases run out
 *   (expired holds are released lazily by the next call that touches the budget).
 * - `settle` and `release` are idempotent by AWU id; a settle that arrives after the lease expired
 *   still records the actual consumption, once.
 * - Every call is bounded by `commandTimeoutMs` and never throws a client error: reservations fail
 *   closed or open (`onUnavailable`); settles and releases that cannot reach Redis are queued and
 *   written back when it answers, and `flush()` (called by `governor.flush()` and
 *   `governor.shutdown()`) writes everything pending.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import { createGovernor } from '@genops/core';
 * import { RedisLedger } from '@genops/redis';
 *
 * const ledger = new RedisLedger({ client: new Redis(process.env.REDIS_URL), keyPrefix: 'genops:' });
 * const governor = createGovernor({ attribution, budgets, ledger });
 * // …
 * await ledger.snapshot('support-monthly'); // { allocated, consumed, reserved, remaining, periodId, … }
 * await governor.shutdown(); // writes every pending settle
 * ```
 */
export class RedisLedger implements Ledger {
  /** The key prefix in force (default `genops:`). */
  readonly keyPrefix: string;
  /** The reservation mode while Redis is unavailable. */
  readonly onUnavailable: OnUnavailable;
  readonly #runner: ScriptRunner;
  readonly #ledger: ReserveSettleBatcher;
  readonly #releases: ScriptBatcher;
  readonly #renewals: ScriptBatcher;
  readonly #timeoutMs: number;
  readonly #memoryMs: number;
  readonly #fallback: FallbackBook;
  readonly #queue: WriteBackQueue;
  readonly #report: (error: unknown) => void;
  /** Leased slices of hot budget instances; undefined with `leases: false`. */
  readonly #slices: SliceBook | undefined;

  constructor(options: RedisLedgerOptions) {
    const {
      client,
      keyPrefix,
      commandTimeoutMs,
      onUnavailable,
      settledMemoryMs,
      writeBackIntervalMs,
      leases,
      onError,
    } = resolveLedgerOptions(options);
    this.keyPrefix = keyPrefix;
    this.onUnavailable = onUnavailable;
    this.#timeoutMs = commandTimeoutMs;
    this.#memoryMs = settledMemoryMs;
    this.#runner = new ScriptRunner(client, `${keyPrefix}{ledger}:`, commandTimeoutMs);
    const header = [String(settledMemoryMs)];
    this.#ledger = new ReserveSettleBatcher(this.#runner, header);
    this.#releases = new ScriptBatcher(this.#runner, RELEASE_OPERATION, header);
    this.#renewals = new ScriptBatcher(this.#runner, RENEW_OPERATION, header);
    this.#fallback = new FallbackBook(settledMemoryMs);
    this.#slices =
      leases === undefined ? undefined : new SliceBook(this.#runner, leases, settledMemoryMs);
    this.#report = onError;
    this.#queue = new WriteBackQueue(
      (write) => this.#write(write),
      writeBackIntervalMs,
      this.#report,
    );
  }

  /** Writes queued because Redis was unavailable, not yet written back. */
  get pendingWrites(): number {
    return this.#queue.size + (this.#slices?.pendingWrites ?? 0);
  }

  /**
   * Reserves atomically across every budget and rate claim, in one round trip. Rejects with
   * `GenOpsLedgerUnavailableError` (fail-closed), `GenOpsLedgerStateError` (malformed state) or
   * `GenOpsInputError` (a malformed request); the governor turns a rejection into `BLOCKED`.
   */
  reserve(request: ReserveRequest): Promise<RedisReserveResult> {
    let local: ReserveResult | undefined;
    try {
      local = this.#tryReserveSync(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (local !== undefined) return Promise.resolve(local);
    return this.#slices === undefined || request.budgets.length === 0
      ? this.#reserveInRedis(request)
      : this.#reservePlanned(request, this.#slices);
  }

  /**
   * The synchronous fast path: a reservation made entirely on this process's slices, or undefined
   * when it needs Redis. Throws `GenOpsInputError` for a malformed request. (Today `reserve` calls
   * it; a governor protocol for ledgers that answer synchronously only sometimes would call it
   * directly.)
   */
  #tryReserveSync(request: ReserveRequest): ReserveResult | undefined {
    checkBudgetRequest(request);
    return this.#slices?.tryReserve(request);
  }

  /** The synchronous fast path of `settle`: an AWU reserved entirely on slices; else undefined. */
  #trySettleSync(request: SettleRequest): SettleResult | undefined {
    return this.#slices?.trySettle(request);
  }

  /** Leases or refills slices where that helps, then reserves what fits locally and the rest in Redis. */
  async #reservePlanned(request: ReserveRequest, slices: SliceBook): Promise<RedisReserveResult> {
    const plan = await slices.plan(request);
    if (plan.unavailable !== undefined && plan.remote.length > 0) {
      // Redis did not answer this call's lease call: asking it again would double the wait.
      slices.undo(request, plan);
      return this.#reserveUnavailable(request, plan.unavailable);
    }
    if (plan.remote.length === 0 && request.rates.length === 0) {
      const budgets = slices.commit(request, plan, false);
      return { reserved: true, nowMs: Date.now(), budgets, rates: [] };
    }
    if (plan.remote.length === request.budgets.length) {
      return this.#reserveInRedis(request);
    }
    // Local slices and Redis together, all or nothing: held locally while Redis decides the rest.
    const remote = { ...request, budgets: plan.remote.map((index) => request.budgets[index]!) };
    let result: RedisReserveResult;
    try {
      result = await this.#reserveInRedis(remote);
    } catch (error) {
      slices.undo(request, plan);
      throw error;
    }
    const local = result.reserved ? slices.commit(request, plan, true) : slices.undo(request, plan);
    return { ...result, budgets: merge(request, plan, local, result.budgets) };
  }

  async #reserveInRedis(request: ReserveRequest): Promise<RedisReserveResult> {
    const args = reserveArgs(request);
    let reply: ScriptReply;
    try {
      reply = await this.#ledger.reserve(args);
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      return this.#reserveUnavailable(request, error);
    }
    if (reply[0] === 'finished') {
      throw new GenOpsLedgerStateError({
        key: `${this.keyPrefix}{ledger}:awu:${request.awuId}`,
        detail: 'marks this AWU as settled or released; it cannot reserve again',
      });
    }
    const result = parseReserve(request, reply);
    if (this.onUnavailable === 'fail-open') {
      for (const position of result.budgets) {
        this.#fallback.observe(position.key, position.periodId, position.consumed);
      }
    }
    this.#afterSuccess();
    return result;
  }

  /**
   * Settles with the actual consumption, idempotently by AWU id. When Redis cannot be reached the
   * settle is queued for write-back and this rejects with `GenOpsLedgerUnavailableError`
   * (`queued: true`); a settle of a reservation made locally (fail-open) resolves with the local
   * result instead.
   */
  settle(request: SettleRequest): Promise<SettleResult> {
    const split = this.#slices?.splitKeys(request.awuId);
    if (split !== undefined) return this.#settleSplit(request, split);
    const local = this.#trySettleSync(request);
    return local === undefined ? this.#settleInRedis(request) : Promise.resolve(local);
  }

  /** Settles an AWU reserved partly on slices (`localKeys`) and partly in Redis. */
  async #settleSplit(
    request: SettleRequest,
    localKeys: ReadonlySet<string>,
  ): Promise<SettleResult> {
    const local = this.#slices!.trySettle(request)!;
    const inRedis = await this.#settleInRedis({
      ...request,
      actuals: request.actuals.filter((actual) => !localKeys.has(actual.key)),
    });
    return {
      applied: local.applied || inRedis.applied,
      lateAfterExpiry: local.lateAfterExpiry || inRedis.lateAfterExpiry,
      budgets: request.actuals.flatMap(
        (actual) =>
          local.budgets.find((budget) => budget.key === actual.key) ??
          inRedis.budgets.find((budget) => budget.key === actual.key) ??
          [],
      ),
    };
  }

  async #settleInRedis(request: SettleRequest): Promise<SettleResult> {
    let args = settleArgs(request, []);
    const local = this.#fallback.settle(request.awuId, request.actuals, Date.now());
    const fallback = local?.entries ?? [];
    if (local !== undefined) args = settleArgs(request, fallback);
    try {
      const reply = await this.#ledger.settle(args);
      const { source: _source, ...result } = parseSettle(reply);
      this.#fallback.written(fallback);
      if (this.onUnavailable === 'fail-open') {
        for (const budget of result.budgets) {
          this.#fallback.observe(budget.key, budget.periodId, budget.consumedAfter);
        }
      }
      this.#afterSuccess();
      return result;
    } catch (error) {
      if (!(error instanceof Unavailable)) {
        if (local !== undefined) this.#report(error);
        throw error;
      }
      this.#queue.add({ kind: 'settle', awuId: request.awuId, args, fallback });
      if (local !== undefined) return local.result;
      throw this.#unavailable('settle', error, true);
    }
  }

  /** Releases a reservation without consumption (queued for write-back when Redis is unavailable). */
  async release(awuId: string): Promise<void> {
    text(awuId, 'awuId');
    const sliced = this.#slices?.tryRelease(awuId);
    if (sliced !== undefined && !sliced.remote) return;
    const local = this.#fallback.release(awuId);
    // A local hold may also exist in Redis (a reservation that answered too late): cancel it too.
    const write: PendingWrite = { kind: 'release', awuId, cancel: local };
    try {
      await this.#write(write);
      this.#afterSuccess();
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      this.#queue.add({ ...write, cancel: true });
      if (!local) throw this.#unavailable('release', error, true);
    }
  }

  /** Extends a reservation's lease (not queued: the next renewal retries). */
  async renew(awuId: string, leaseMs: number): Promise<void> {
    text(awuId, 'awuId');
    const lease = finite(leaseMs, 'leaseMs', 1);
    const sliced = this.#slices?.tryRenew(awuId, leaseMs);
    if (sliced !== undefined && !sliced.remote) return;
    if (this.#fallback.renew(awuId, leaseMs, Date.now())) return;
    try {
      await this.#renewals.call([awuId, lease]);
      this.#afterSuccess();
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      throw this.#unavailable('renew', error, false);
    }
  }

  /**
   * The state of a budget instance (`key` defaults to the budget name) in the period it last
   * reserved in, after releasing expired leases; `undefined` when unknown.
   */
  async snapshot(budget: string, key: string = budget): Promise<BudgetSnapshot | undefined> {
    text(budget, 'budget');
    text(key, 'key');
    let reply: unknown;
    try {
      reply = await this.#runner.run(SNAPSHOT_OPERATION, [String(this.#memoryMs), budget, key]);
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      throw this.#unavailable('snapshot', error, false);
    }
    if (Array.isArray(reply) && reply.length === 0) return undefined;
    const [periodId, allocated, consumed, reserved] = strings(reply, 4).map((value, index) =>
      index === 0 ? value : Number(value),
    ) as [string, number, number, number];
    if (this.onUnavailable === 'fail-open') this.#fallback.observe(key, periodId, consumed);
    // This process's slice: its local consumption and holds instead of the slice as a whole.
    const slice = this.#slices?.sliceOf(key, periodId);
    const consumedHere = consumed + (slice?.unreported ?? 0);
    const reservedHere = slice === undefined ? reserved : reserved - slice.leased + slice.held;
    return {
      budget,
      key,
      periodId,
      allocated,
      consumed: consumedHere,
      reserved: reservedHere,
      remaining: allocated - consumedHere - reservedHere,
    };
  }

  /**
   * Writes everything queued while Redis was unavailable. Rejects with
   * `GenOpsLedgerUnavailableError` (operation `flush`) when Redis still cannot be reached; the
   * writes stay queued.
   */
  async flush(): Promise<void> {
    let slicesFailed = false;
    await this.#slices?.flush().catch((error: unknown) => {
      if (!(error instanceof Unavailable)) throw error;
      slicesFailed = true;
    });
    await this.#queue.drain();
    if (this.#queue.size > 0) await this.#queue.drain();
    if (this.#queue.size > 0 || slicesFailed) {
      throw new GenOpsLedgerUnavailableError({
        operation: 'flush',
        reason: 'timeout',
        timeoutMs: this.#timeoutMs,
        queued: true,
        pendingWrites: this.pendingWrites,
      });
    }
  }

  /** Flushes and stops the write-back timer. The client stays open (it is yours). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#queue.stop();
      this.#slices?.stop();
    }
  }

  #reserveUnavailable(request: ReserveRequest, error: Unavailable): RedisReserveResult {
    if (this.onUnavailable === 'fail-closed') {
      // The script may still run later (queued by the client): mark the AWU done first.
      this.#queue.add({ kind: 'release', awuId: request.awuId, cancel: true });
      throw this.#unavailable('reserve', error, false);
    }
    const result = this.#fallback.reserve(request, Date.now());
    const reason = `Redis ${error.reason === 'timeout' ? `did not answer within ${this.#timeoutMs} ms` : 'failed the call'}; reserved locally (fail-open)`;
    this.#report(this.#unavailable('reserve', error, false));
    return { ...result, degraded: { reasonCode: 'x_ledger_unavailable', reason } };
  }

  async #write(write: PendingWrite): Promise<void> {
    if (write.kind === 'release') {
      await this.#releases.call([write.awuId, write.cancel ? '1' : '0']);
      return;
    }
    await this.#ledger.settle(write.args);
    this.#fallback.written(write.fallback);
  }

  #afterSuccess(): void {
    if (this.#queue.size > 0) void this.#queue.drain();
  }

  #unavailable(
    operation: LedgerOperation,
    error: Unavailable,
    queued: boolean,
  ): GenOpsLedgerUnavailableError {
    return new GenOpsLedgerUnavailableError({
      operation,
      reason: error.reason,
      timeoutMs: this.#timeoutMs,
      queued,
      pendingWrites: this.#queue.size,
      cause: error.cause,
    });
  }
}

/** The positions of a reservation split between local slices and Redis, in claim order. */
function merge(
  request: ReserveRequest,
  plan: SlicePlan,
  local: readonly BudgetPosition[],
  remote: readonly BudgetPosition[],
): BudgetPosition[] {
  let next = 0;
  return request.budgets.map((_claim, index) =>
    plan.local[index] === undefined ? remote[next++]! : local[index]!,
  );
}
