export {
  GenOpsLedgerStateError,
  type GenOpsLedgerStateErrorOptions,
} from './errors/genops-ledger-state-error.js';
export {
  GenOpsLedgerUnavailableError,
  type GenOpsLedgerUnavailableErrorOptions,
  type LedgerOperation,
  type LedgerUnavailableReason,
} from './errors/genops-ledger-unavailable-error.js';
export { RedisLedger } from './redis-ledger.js';
export type {
  LedgerDegradation,
  OnUnavailable,
  RedisLedgerOptions,
  RedisReserveResult,
} from './redis-ledger-options.js';
