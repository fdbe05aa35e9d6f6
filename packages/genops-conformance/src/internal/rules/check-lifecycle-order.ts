import { type AwuContext, describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';

/**
 * `3.3/reservation-before-reconciliation`: every reservation precedes the first reconciliation,
 * by event time then emission order. Decisions and reservations are not ordered against each
 * other: Section 2.4 puts both in the pre-execution phase without an order, and 3.5 even has a
 * failed reservation feed the decision. Decisions after execution are judged by
 * `8.1/decision-pre-execution`.
 */
export function checkLifecycleOrder(awu: AwuContext, report: ReportFinding): void {
  const lastReservation = awu.reservations[awu.reservations.length - 1];
  const firstReconciliation = awu.reconciliations[0];
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
