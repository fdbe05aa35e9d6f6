// `@genops/core/ledger-kit`: what a third-party ledger (PostgreSQL, DynamoDB, …) reuses from the
// in-memory one. The contract suite is `@genops/core/testing`.
export { budgetPeriodId } from './ledger/budget-period-id.js';
export { type GcraStep, gcraStep } from './ledger/gcra.js';
export type {
  BudgetActual,
  BudgetClaim,
  BudgetPeriod,
  BudgetPosition,
  BudgetSnapshot,
  Ledger,
  RateClaim,
  RateCorrection,
  RateOutcome,
  ReserveRequest,
  ReserveResult,
  SettledBudget,
  SettleRequest,
  SettleResult,
} from './ledger/ledger.js';
