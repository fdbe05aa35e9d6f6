import { type AwuContext, describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';

/**
 * Lifecycle order decision → reservation → reconciliation (Sections 2.4, 3.3), by event time then
 * emission order: `2.4/decision-before-reservation` and `3.3/reservation-before-reconciliation`.
 */
export function checkLifecycleOrder(awu: AwuContext, report: ReportFinding): void {
  const firstDecision = awu.decisions[0];
  const firstReservation = awu.reservations[0];
  const lastReservation = awu.reservations[awu.reservations.length - 1];
  const firstReconciliation = awu.reconciliations[0];
  if (
    firstDecision !== undefined &&
    firstReservation !== undefined &&
    firstDecision.position > firstReservation.position
  ) {
    report(
      '2.4/decision-before-reservation',
      `${describeEvent(firstReservation)} comes before the first decision ${describeEvent(firstDecision)}`,
      { event: firstReservation.name },
    );
  }
  if (
    lastReservation !== undefined &&
    firstReconciliation !== undefined &&
    lastReservation.position > firstReconciliation.position
  ) {
    report(
      '3.3/reservation-before-reconciliation',
      `${describeEvent(lastReservation)} comes after ${describeEvent(firstReconciliation)}`,
      { event: lastReservation.name },
    );
  }
}
