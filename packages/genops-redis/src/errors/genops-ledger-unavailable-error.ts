import { GenOpsError } from '@genops/core';

const marker = Symbol.for('genops.error.ledger-unavailable');

/**
 * A ledger operation that can be reported unavailable.
 *
 * @example
 * ```ts
 * if (error.operation === 'flush') console.error(`${error.pendingWrites} writes not written`);
 * ```
 */
export type LedgerOperation = 'reserve' | 'settle' | 'release' | 'renew' | 'snapshot' | 'flush';

/**
 * Why Redis was unavailable: no reply within the timeout, or the client or server failed the call
 * (see the error's `cause`).
 *
 * @example
 * ```ts
 * const slow = error.reason === 'timeout';
 * ```
 */
export type LedgerUnavailableReason = 'timeout' | 'error';

/**
 * Options of {@link GenOpsLedgerUnavailableError}.
 *
 * @example
 * ```ts
 * new GenOpsLedgerUnavailableError({ operation: 'reserve', reason: 'timeout', timeoutMs: 1000, queued: false, pendingWrites: 0 });
 * ```
 */
export interface GenOpsLedgerUnavailableErrorOptions {
  /** The operation that could not complete. */
  operation: LedgerOperation;
  /** `timeout` or `error` (see `cause`). */
  reason: LedgerUnavailableReason;
  /** The command timeout in force, ms. */
  timeoutMs: number;
  /** True when the write was queued and will be retried (settle, release, flush). */
  queued: boolean;
  /** Writes still waiting for Redis. */
  pendingWrites: number;
  /** The client's error, when `reason` is `error`. */
  cause?: unknown;
}

/**
 * Redis did not answer a ledger operation in time, or the client failed it (connection lost,
 * server loading, …). The client's own error is kept as `cause`; it is never thrown raw.
 *
 * With `onUnavailable: 'fail-closed'` (the default) a reservation that meets this error is refused
 * and the governor turns the refusal into `BLOCKED` with reason code `x_ledger_unavailable`. Settles
 * and releases that meet it are queued and written back when Redis answers again (`queued: true`);
 * `flush()` rejects with it (operation `flush`) while writes are still pending.
 *
 * @example
 * ```ts
 * try { await ledger.flush(); }
 * catch (error) {
 *   if (GenOpsLedgerUnavailableError.isInstance(error)) console.error(`${error.pendingWrites} writes pending`);
 * }
 * ```
 */
export class GenOpsLedgerUnavailableError extends GenOpsError {
  readonly operation: LedgerOperation;
  readonly reason: LedgerUnavailableReason;
  readonly timeoutMs: number;
  readonly queued: boolean;
  readonly pendingWrites: number;

  constructor({
    operation,
    reason,
    timeoutMs,
    queued,
    pendingWrites,
    cause,
  }: GenOpsLedgerUnavailableErrorOptions) {
    super(
      `Redis ledger unavailable: ${operation} ${
        reason === 'timeout' ? `got no reply within ${timeoutMs} ms` : `failed (${describe(cause)})`
      }${queued ? `; queued for write-back (${pendingWrites} pending)` : ''}`,
      { cause },
    );
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsLedgerUnavailableError';
    this.operation = operation;
    this.reason = reason;
    this.timeoutMs = timeoutMs;
    this.queued = queued;
    this.pendingWrites = pendingWrites;
  }

  /** True when `error` is a {@link GenOpsLedgerUnavailableError} from any copy of this package. */
  static override isInstance(error: unknown): error is GenOpsLedgerUnavailableError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : 'unknown error';
}
