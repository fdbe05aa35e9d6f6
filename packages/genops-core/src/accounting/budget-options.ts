import type { AttributionField } from '../attribution/attribution.js';
import type { PolicyMode } from '../decision/policy-mode.js';
import type { BudgetPeriod } from '../ledger/ledger.js';

/**
 * Which AWUs a budget applies to: every listed attribution field must match. A value matches
 * exactly, a list matches any of its values, and `'*'` matches any value and gives each distinct
 * value its own instance of the budget (for example one budget per customer).
 *
 * @example
 * ```ts
 * const perCustomer: BudgetScope = { team: 'support', customer_id: '*' };
 * ```
 */
export type BudgetScope = Partial<Record<AttributionField, string | readonly string[]>>;

/**
 * A budget. Several budgets may apply to one AWU; the reservation is all-or-nothing across them.
 *
 * @example
 * ```ts
 * const budget: BudgetOptions = {
 *   name: 'support-monthly', scope: { team: 'support' },
 *   limit: 2_000_000, unit: 'tokens', period: 'month', alertAt: [0.8],
 * };
 * ```
 */
export interface BudgetOptions {
  /** Unique name (`genops.budget.name`, and the policy name of its decisions). */
  readonly name: string;
  /** Default: every AWU of the governor. */
  readonly scope?: BudgetScope;
  /** Allocation per period, in `unit`; a finite number >= 0. */
  readonly limit: number;
  /** Default: the governor's unit (`tokens`). */
  readonly unit?: string;
  /** `hour`, `day`, `week` (ISO), `month` (UTC calendar) or `total`. */
  readonly period: BudgetPeriod;
  /** Utilization thresholds in (0, 1] that emit `genops.budget.alert` once per crossing per period. */
  readonly alertAt?: readonly number[];
  /** `block` (default) refuses what does not fit; `warn` lets it through with a WARNING. */
  readonly onExceed?: 'block' | 'warn';
  /** Per-budget mode; the governor's applies when absent. */
  readonly mode?: PolicyMode;
}
