import { type AwuContext, describeEvent, type GenOpsEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { nearlyEqual } from '../nearly-equal.js';
import { readFiniteNumber, readString } from '../read-attribute.js';

const RESERVED = 'genops.accounting.reserved';
const UNIT = 'genops.accounting.unit';
const BUDGET = 'genops.budget.name';

interface Budgeted {
  readonly event: GenOpsEvent;
  readonly budget: string | undefined;
  readonly unit: string | undefined;
  readonly reserved: number | undefined;
}

function budgeted(event: GenOpsEvent): Budgeted {
  return {
    event,
    budget: readString(event.attributes, BUDGET),
    unit: readString(event.attributes, UNIT),
    reserved: readFiniteNumber(event.attributes, RESERVED),
  };
}

/** Same budget: equal names, or a name missing on either side (`genops.budget.name` is optional). */
function sameBudget(left: Budgeted, right: Budgeted): boolean {
  return left.budget === undefined || right.budget === undefined || left.budget === right.budget;
}

function settles(reservation: Budgeted, reconciliation: Budgeted): boolean {
  return (
    sameBudget(reservation, reconciliation) &&
    reservation.unit === reconciliation.unit &&
    reservation.reserved !== undefined &&
    reconciliation.reserved !== undefined &&
    nearlyEqual(reservation.reserved, reconciliation.reserved)
  );
}

/**
 * `3.3/reconciliation-matches-reservation`: each reconciliation settles one reservation of the
 * same budget, in the same unit and with the same reserved amount, and no reservation is settled
 * twice. With several budgets the AWU-level amounts (3.4) say nothing about which budget a
 * reconciliation settles, so they are paired here by `genops.budget.name`. An AWU without any
 * reservation is left to `3.3/reconciliation-without-reservation`; a reconciliation missing its
 * unit or amount to `8/event-required-attribute`.
 */
export function checkReconciliationPairing(awu: AwuContext, report: ReportFinding): void {
  if (awu.reservations.length === 0) return;
  const reservations = awu.reservations.map(budgeted);
  const settled = new Set<Budgeted>();
  for (const reconciliation of awu.reconciliations.map(budgeted)) {
    if (reconciliation.unit === undefined || reconciliation.reserved === undefined) continue;
    const match = reservations.find(
      (reservation) => !settled.has(reservation) && settles(reservation, reconciliation),
    );
    if (match !== undefined) {
      settled.add(match);
      continue;
    }
    report('3.3/reconciliation-matches-reservation', mismatch(reconciliation, reservations), {
      event: reconciliation.event.name,
    });
  }
}

function mismatch(reconciliation: Budgeted, reservations: readonly Budgeted[]): string {
  const label = describeEvent(reconciliation.event);
  const what =
    reconciliation.budget === undefined
      ? `${label} (no budget name)`
      : `${label} reconciles budget ${JSON.stringify(reconciliation.budget)}`;
  const amount = `in ${reconciliation.unit} (reserved ${reconciliation.reserved})`;
  const again = reservations.find((reservation) => settles(reservation, reconciliation));
  if (again !== undefined) {
    return `${what} ${amount}, but ${describeEvent(again.event)} is already reconciled by an earlier reconciliation: each reservation is reconciled once`;
  }
  const candidate = reservations.find((reservation) => sameBudget(reservation, reconciliation));
  if (candidate === undefined) {
    return `${what} ${amount}, but no genops.budget.reservation reserved that budget`;
  }
  const reserved = `${describeEvent(candidate.event)}: ${candidate.reserved} ${candidate.unit}`;
  if (candidate.unit !== reconciliation.unit) {
    return `${what} ${amount}, but that budget was reserved in ${candidate.unit} (${reserved})`;
  }
  return `${what} ${amount}, but that budget reserved another amount (${reserved})`;
}
