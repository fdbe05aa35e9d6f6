import type { Governor } from '@genops/core';
import type { ChatbotGovernanceConfig } from '../governance-config.js';

/** Where one budget instance stands. */
export interface BudgetView {
  readonly budget: string;
  /** `project` for the monthly budget, the customer id for the per-customer one. */
  readonly instance: string;
  /** `2026-11`, `2026-11-21`, or `-` when the budget has not been used yet in this period. */
  readonly periodId: string;
  readonly limit: number;
  /** Settled consumption in the period. */
  readonly used: number;
  /** Outstanding reservations. */
  readonly reserved: number;
  /** `limit - used - reserved` (negative when a soft budget is overspent). */
  readonly left: number;
  /** Soft budgets warn instead of blocking. */
  readonly soft: boolean;
  /**
   * The ledger could not be read (Redis unreachable): the numbers are unknown, not zero. Shown as
   * `unknown`, never as a full budget.
   */
  readonly unavailable?: boolean;
}

/**
 * Reads the monthly budget and the per-customer budget of each customer from the ledger (a
 * shared Redis ledger shows what every process has spent).
 *
 * @example
 * ```ts
 * const views = await readBudgetViews(governor, HELPDESK_GOVERNANCE, ['acme']);
 * ```
 */
export async function readBudgetViews(
  governor: Governor,
  config: ChatbotGovernanceConfig,
  customerIds: readonly string[],
): Promise<BudgetView[]> {
  const views: BudgetView[] = [];
  const monthly = config.monthlyBudget;
  views.push(await view(governor, monthly.name, 'project', monthly.limitTokens, true, {}));
  for (const customerId of customerIds) {
    const budget = config.customerBudget;
    views.push(
      await view(governor, budget.name, customerId, budget.limitTokens, false, {
        customer_id: customerId,
      }),
    );
  }
  return views;
}

async function view(
  governor: Governor,
  budget: string,
  instance: string,
  limit: number,
  soft: boolean,
  scope: { customer_id?: string },
): Promise<BudgetView> {
  let snapshot: Awaited<ReturnType<Governor['snapshot']>>;
  try {
    snapshot = await governor.snapshot(budget, scope);
  } catch {
    // The ledger is unavailable: what is used is unknown, and must not look like nothing.
    return {
      budget,
      instance,
      periodId: '-',
      limit,
      used: 0,
      reserved: 0,
      left: 0,
      soft,
      unavailable: true,
    };
  }
  if (snapshot === undefined) {
    return { budget, instance, periodId: '-', limit, used: 0, reserved: 0, left: limit, soft };
  }
  return {
    budget,
    instance,
    periodId: snapshot.periodId,
    limit: snapshot.allocated,
    used: snapshot.consumed,
    reserved: snapshot.reserved,
    left: snapshot.remaining,
    soft,
  };
}
