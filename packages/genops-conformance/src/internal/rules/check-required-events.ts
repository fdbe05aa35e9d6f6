import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { hasAttribute } from '../read-attribute.js';

/**
 * The required events of Sections 3.3, 7.2 and 7.2.1: `7.2/policy-evaluated-event`,
 * `3.3/reservation-recorded`, `3.3/reconciliation-recorded`,
 * `3.3/reconciliation-without-reservation`, `7.2.1/no-reconciliation-when-refused` and the
 * `7.2.1/stopped-after-reservation` warning.
 */
export function checkRequiredEvents(awu: AwuContext, report: ReportFinding): void {
  const { decisions, reservations, reconciliations } = awu;
  const hasActual = hasAttribute(awu.attributes, 'genops.accounting.actual');
  if (decisions.length === 0) {
    report('7.2/policy-evaluated-event', 'the AWU emits no genops.policy.evaluated event', {
      event: 'genops.policy.evaluated',
    });
  }
  if (awu.refused) {
    if (reconciliations.length > 0 || hasActual) {
      const what =
        reconciliations.length > 0
          ? 'a genops.budget.reconciliation event'
          : 'genops.accounting.actual';
      report(
        '7.2.1/no-reconciliation-when-refused',
        `the AWU is ${awu.result}, so it did not execute, yet it has ${what}`,
        reconciliations.length > 0
          ? { event: 'genops.budget.reconciliation' }
          : { attribute: 'genops.accounting.actual' },
      );
    }
  } else if (reconciliations.length > 0 && reservations.length === 0) {
    report(
      '3.3/reconciliation-without-reservation',
      'the AWU has a genops.budget.reconciliation event but no genops.budget.reservation event',
      { event: 'genops.budget.reservation' },
    );
  }
  if (
    awu.reservationEvidence !== undefined &&
    reservations.length === 0 &&
    reconciliations.length === 0
  ) {
    report(
      '3.3/reservation-recorded',
      `the AWU reached reservation (${awu.reservationEvidence}) but emits no genops.budget.reservation event`,
      { event: 'genops.budget.reservation' },
    );
  }
  if (awu.executionEvidence !== undefined && reconciliations.length === 0) {
    report(
      '3.3/reconciliation-recorded',
      `the AWU reached execution (${awu.executionEvidence}) but emits no genops.budget.reconciliation event`,
      { event: 'genops.budget.reconciliation' },
    );
  }
  if (awu.proceeds && reservations.length > 0 && awu.executionEvidence === undefined) {
    report(
      '7.2.1/stopped-after-reservation',
      `the AWU is ${awu.result} and reserved, but shows no sign of execution (no reconciliation, actual amount, output tokens or SLA actual latency): accepted as stopped after reservation (7.2.1); if it executed, its reconciliation is missing`,
      { event: 'genops.budget.reconciliation' },
    );
  }
}
