import type { HeldBudget, HeldTokenRate } from './held-budget.js';
import type { RunLimit } from './run-limit.js';

/** @internal What an AWU took before execution, to settle or give back after it. */
export interface Reservation {
  /** Budget instances the ledger holds a reservation on. */
  readonly held: readonly HeldBudget[];
  /** Token-based rate claims, corrected with the actual tokens at settle. */
  readonly tokenRates: readonly HeldTokenRate[];
  /** Run limits of the runs this AWU belongs to that it drew on. */
  readonly ancestorLimits: readonly RunLimit[];
}
