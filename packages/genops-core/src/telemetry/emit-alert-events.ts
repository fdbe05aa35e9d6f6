import type { Context, Span } from '@opentelemetry/api';
import type { HeldBudget } from '../accounting/held-budget.js';
import type { SettleResult } from '../ledger/ledger.js';
import { A, E } from './attribute-names.js';
import type { EventEmitter } from './event-emitter.js';

/**
 * @internal Emits a `genops.budget.alert` for each `alertAt` threshold a settle crossed (once per
 * crossing: the ledger reports consumption before and after this AWU's actual).
 *
 * @example
 * ```ts
 * emitAlertEvents(runtime.emitter, span, context, settleResult, held);
 * ```
 */
export function emitAlertEvents(
  emitter: EventEmitter,
  span: Span,
  context: Context | undefined,
  result: SettleResult,
  held: readonly HeldBudget[],
): void {
  for (const settled of result.budgets) {
    const budget = held.find((entry) => entry.key === settled.key);
    if (budget === undefined) continue;
    for (const threshold of budget.alertAt) {
      const line = threshold * settled.allocated;
      if (settled.consumedBefore < line && settled.consumedAfter >= line) {
        emitter.emit(span, context, E.alert, {
          [A.budgetName]: settled.budget,
          [A.budgetConsumed]: settled.consumedAfter,
          [A.budgetAllocated]: settled.allocated,
          [A.budgetRemaining]: settled.remaining,
          [A.budgetPeriod]: settled.periodId,
          'genopsjs.budget.alert_threshold': threshold,
        });
      }
    }
  }
}
