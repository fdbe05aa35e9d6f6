import { GenOpsError } from '@genops/core';

const marker = Symbol.for('genops.error.ledger-state');

/**
 * Options of {@link GenOpsLedgerStateError}.
 *
 * @example
 * ```ts
 * new GenOpsLedgerStateError({ key: 'genops:{ledger}:rate:rpm', detail: 'is a hash, expected a string' });
 * ```
 */
export interface GenOpsLedgerStateErrorOptions {
  /** The Redis key whose content is not what the ledger wrote. */
  key: string;
  /** What is wrong with it, e.g. `field consumed holds "abc", expected a finite number`. */
  detail: string;
  cause?: unknown;
}

/**
 * The ledger found state in Redis that it did not write: a key of the wrong type, a field that is
 * not a finite number, an incomplete record. The operation changed nothing (every script validates
 * before it writes), and no decision is made from such state: a reservation is refused (the
 * governor reports `BLOCKED` with `x_ledger_unavailable`) whatever `onUnavailable` says.
 *
 * @example
 * ```ts
 * // GenOpsLedgerStateError: Redis ledger state is malformed: genops:{ledger}:budget:support-monthly:2026-11 field consumed holds "abc", expected a finite number
 * if (GenOpsLedgerStateError.isInstance(error)) console.error(error.key, error.detail);
 * ```
 */
export class GenOpsLedgerStateError extends GenOpsError {
  /** The offending Redis key (with the key prefix). */
  readonly key: string;
  readonly detail: string;

  constructor({ key, detail, cause }: GenOpsLedgerStateErrorOptions) {
    super(`Redis ledger state is malformed: ${key} ${detail}`, { cause });
    Object.defineProperty(this, marker, { value: true });
    this.name = 'GenOpsLedgerStateError';
    this.key = key;
    this.detail = detail;
  }

  /** True when `error` is a {@link GenOpsLedgerStateError} from any copy of this package. */
  static override isInstance(error: unknown): error is GenOpsLedgerStateError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }
}
