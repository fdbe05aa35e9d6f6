import type { Context, Span } from '@opentelemetry/api';
import type { Estimate } from '../accounting/estimate.js';
import type { HeldBudget } from '../accounting/held-budget.js';
import type { Runtime } from '../lifecycle/runtime.js';
import { A, E } from './attribute-names.js';

/**
 * @internal Emits the `genops.budget.reservation` event of an AWU that proceeds: one per budget
 * instance held, with what the instance had left after it, or one without a budget when none
 * applies (a run limit or rate limits only).
 *
 * @example
 * ```ts
 * emitReservationEvents(runtime, span, awuContext, estimate, held);
 * ```
 */
export function emitReservationEvents(
  runtime: Runtime,
  span: Span,
  context: Context | undefined,
  estimate: Estimate,
  held: readonly HeldBudget[],
): void {
  if (held.length === 0) {
    runtime.emitter.emit(span, context, E.reservation, {
      [A.reserved]: estimate.amount,
      [A.unit]: estimate.unit,
    });
    return;
  }
  for (const budget of held) {
    runtime.emitter.emit(span, context, E.reservation, {
      [A.reserved]: estimate.amount,
      [A.unit]: estimate.unit,
      [A.budgetName]: budget.budget,
      [A.budgetRemaining]: budget.remainingAfterReservation,
      [A.budgetPeriod]: budget.periodId,
    });
  }
}
