import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { HeldBudget } from '../accounting/held-budget.js';
import type { Reconciliation } from '../accounting/reconciliation.js';
import { A, E } from './attribute-names.js';
import type { EventEmitter } from './event-emitter.js';

/**
 * @internal Emits the `genops.budget.reconciliation` event of an AWU that reached execution: one per
 * budget instance held, or one without a budget when none applies.
 *
 * @example
 * ```ts
 * emitReconciliationEvents(runtime.emitter, span, context, reconciliation, held);
 * ```
 */
export function emitReconciliationEvents(
  emitter: EventEmitter,
  span: Span,
  context: Context | undefined,
  { actual, reserved, unit, incomplete }: Reconciliation,
  held: readonly HeldBudget[],
): void {
  const delta = actual - reserved;
  if (held.length === 0) {
    const attributes: Attributes = {
      [A.actual]: actual,
      [A.reserved]: reserved,
      [A.unit]: unit,
      [A.delta]: delta,
    };
    if (incomplete) attributes[A.incomplete] = true;
    emitter.emit(span, context, E.reconciliation, attributes);
    return;
  }
  for (const budget of held) {
    const attributes: Attributes = {
      [A.actual]: actual,
      [A.reserved]: reserved,
      [A.unit]: unit,
      [A.delta]: delta,
      [A.budgetName]: budget.budget,
    };
    if (incomplete) attributes[A.incomplete] = true;
    emitter.emit(span, context, E.reconciliation, attributes);
  }
}
