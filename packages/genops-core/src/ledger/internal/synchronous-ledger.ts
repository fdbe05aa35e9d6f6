import type {
  Ledger,
  ReserveRequest,
  ReserveResult,
  SettleRequest,
  SettleResult,
} from '../ledger.js';

/**
 * @internal The brand of a ledger that can answer without I/O. `Symbol.for`, so that a second copy
 * of `@genops/core` recognises an `InMemoryLedger` of the first.
 */
export const SYNCHRONOUS_LEDGER: unique symbol = Symbol.for('genops.ledger.sync') as never;

/**
 * @internal `reserve` and `settle` answered in the same tick, exactly as the ledger's public async
 * methods would answer (same results, same errors thrown instead of rejected). The governor uses
 * them when a ledger offers them, so that beginning and settling an AWU schedule no microtask.
 */
export interface SynchronousLedger {
  reserve(request: ReserveRequest): ReserveResult;
  settle(request: SettleRequest): SettleResult;
}

/** @internal A ledger that may offer the synchronous protocol. */
export interface MaybeSynchronousLedger extends Ledger {
  /**
   * Returns the synchronous operations, or `undefined` when they would not answer as the public
   * methods do (a subclass that overrides `reserve` or `settle`).
   */
  [SYNCHRONOUS_LEDGER]?(): SynchronousLedger | undefined;
}

/** @internal The ledger's synchronous operations, when it offers them; read once per governor. */
export function synchronousLedgerOf(ledger: Ledger): SynchronousLedger | undefined {
  const offer = (ledger as MaybeSynchronousLedger)[SYNCHRONOUS_LEDGER];
  return typeof offer === 'function' ? offer.call(ledger) : undefined;
}
