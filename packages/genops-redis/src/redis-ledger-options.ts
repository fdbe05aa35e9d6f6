import type { ExtensionReasonCode, ReserveResult } from '@genops/core';
import type { Cluster, Redis } from 'ioredis';

/**
 * What a reservation does when Redis does not answer in time or the call fails:
 * - `fail-closed`: it is refused (the governor reports `BLOCKED` with `x_ledger_unavailable`);
 * - `fail-open`: it is made locally (this process's view of the budgets; nothing is refused), the
 *   usage is recorded locally and written back to Redis when it answers again.
 *
 * @example
 * ```ts
 * const onUnavailable: OnUnavailable = process.env.GENOPS_FAIL_OPEN ? 'fail-open' : 'fail-closed';
 * ```
 */
export type OnUnavailable = 'fail-closed' | 'fail-open';

/**
 * Options of {@link RedisLedger}.
 *
 * @example
 * ```ts
 * const options: RedisLedgerOptions = {
 *   client: new Redis(process.env.REDIS_URL),
 *   keyPrefix: 'genops:',
 *   commandTimeoutMs: 500,
 *   onUnavailable: 'fail-open',
 * };
 * ```
 */
export interface RedisLedgerOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`, ioredis 5 or 6). It stays yours: the ledger never
   * connects, configures or quits it.
   */
  client: Redis | Cluster;
  /** Prefix of every key. Default: `genops:`. Keys are `<keyPrefix>{ledger}:…` (see the README). */
  keyPrefix?: string;
  /** Longest wait for one Redis call, ms; a call that takes longer is treated as unavailable. Default: 1000. */
  commandTimeoutMs?: number;
  /** Reservations while Redis is unavailable. Default: `fail-closed`. */
  onUnavailable?: OnUnavailable;
  /**
   * How long settled AWU ids (and the hold records of expired leases, for late settles) are
   * remembered, ms: settles are idempotent within this window. Default: 86,400,000 (24 hours).
   */
  settledMemoryMs?: number;
  /** How often writes queued while Redis was unavailable are retried, ms. Default: 1000. */
  writeBackIntervalMs?: number;
  /**
   * Receives what the ledger cannot throw into a call: fail-open reservations made locally, and
   * queued writes that Redis rejected. Default: `console.warn` (the first 100 reports).
   */
  onError?: (error: unknown) => void;
}

/**
 * Why a reservation was made without Redis (fail-open).
 *
 * @example
 * ```ts
 * const degraded: LedgerDegradation = {
 *   reasonCode: 'x_ledger_unavailable',
 *   reason: 'Redis did not answer within 1000 ms; reserved locally (fail-open)',
 * };
 * ```
 */
export interface LedgerDegradation {
  /** Always `x_ledger_unavailable` from `RedisLedger` (typed as the core's extension code). */
  readonly reasonCode: ExtensionReasonCode;
  readonly reason: string;
}

/**
 * The result of {@link RedisLedger.reserve}: a `ReserveResult`, plus `degraded` when the
 * reservation was made locally because Redis was unavailable (fail-open).
 *
 * @example
 * ```ts
 * const result = await ledger.reserve(request);
 * if (result.degraded) console.warn(result.degraded.reason);
 * ```
 */
export interface RedisReserveResult extends ReserveResult {
  readonly degraded?: LedgerDegradation;
}
