import type {
  BudgetSnapshot,
  Ledger,
  ReserveRequest,
  SettleRequest,
  SettleResult,
} from '@genops/core';
import { GenOpsLedgerStateError } from './errors/genops-ledger-state-error.js';
import {
  GenOpsLedgerUnavailableError,
  type LedgerOperation,
} from './errors/genops-ledger-unavailable-error.js';
import { FallbackBook } from './internal/fallback-book.js';
import { RELEASE_OPERATION } from './internal/lua/release-operation.js';
import { RENEW_OPERATION } from './internal/lua/renew-operation.js';
import { SNAPSHOT_OPERATION } from './internal/lua/snapshot-operation.js';
import {
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

  constructor(options: RedisLedgerOptions) {
    const {
      client,
      keyPrefix,
      commandTimeoutMs,
      onUnavailable,
      settledMemoryMs,
      writeBackIntervalMs,
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
    this.#report = onError;
    this.#queue = new WriteBackQueue(
      (write) => this.#write(write),
      writeBackIntervalMs,
      this.#report,
    );
  }

  /** Writes queued because Redis was unavailable, not yet written back. */
  get pendingWrites(): number {
    return this.#queue.size;
  }

  /**
   * Reserves atomically across every budget and rate claim, in one round trip. Rejects with
   * `GenOpsLedgerUnavailableError` (fail-closed), `GenOpsLedgerStateError` (malformed state) or
   * `GenOpsInputError` (a malformed request); the governor turns a rejection into `BLOCKED`.
   */
  async reserve(request: ReserveRequest): Promise<RedisReserveResult> {
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
  async settle(request: SettleRequest): Promise<SettleResult> {
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
    return {
      budget,
      key,
      periodId,
      allocated,
      consumed,
      reserved,
      remaining: allocated - consumed - reserved,
    };
  }

  /**
   * Writes everything queued while Redis was unavailable. Rejects with
   * `GenOpsLedgerUnavailableError` (operation `flush`) when Redis still cannot be reached; the
   * writes stay queued.
   */
  async flush(): Promise<void> {
    await this.#queue.drain();
    if (this.#queue.size > 0) await this.#queue.drain();
    if (this.#queue.size > 0) {
      throw new GenOpsLedgerUnavailableError({
        operation: 'flush',
        reason: 'timeout',
        timeoutMs: this.#timeoutMs,
        queued: true,
        pendingWrites: this.#queue.size,
      });
    }
  }

  /** Flushes and stops the write-back timer. The client stays open (it is yours). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#queue.stop();
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
