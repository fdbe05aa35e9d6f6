import { type AwuContext, describeEvent, type GenOpsEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { nearlyEqual } from '../nearly-equal.js';
import { readFiniteNumber, readString } from '../read-attribute.js';

const RESERVED = 'genops.accounting.reserved';
const ACTUAL = 'genops.accounting.actual';
const UNIT = 'genops.accounting.unit';

function checkUnits(
  unit: string,
  events: readonly GenOpsEvent[],
  kind: string,
  report: ReportFinding,
): void {
  const units = events
    .map((event) => readString(event.attributes, UNIT))
    .filter((value): value is string => value !== undefined);
  if (units.length === 0 || units.includes(unit)) return;
  report(
    '3.4/unit-consistency',
    `none of the AWU's ${kind} events is in its unit ${JSON.stringify(unit)} (event units: ${[...new Set(units)].join(', ')})`,
    { attribute: UNIT, event: events[0]?.name },
  );
}

function checkAmount(
  ruleId: '3.4/reserved-consistency' | '3.4/actual-consistency',
  key: string,
  expected: number | undefined,
  unit: string,
  events: readonly GenOpsEvent[],
  report: ReportFinding,
): void {
  if (expected === undefined) return;
  for (const event of events) {
    if (readString(event.attributes, UNIT) !== unit) continue;
    const value = readFiniteNumber(event.attributes, key);
    if (value === undefined || nearlyEqual(value, expected)) continue;
    report(
      ruleId,
      `${describeEvent(event)} reports ${key} ${value} ${unit} but the AWU has ${expected}`,
      { attribute: key, event: event.name },
    );
  }
}

/**
 * Span/event consistency of the accounting invariant (Section 3.4): `3.4/unit-consistency`,
 * `3.4/reserved-consistency` and `3.4/actual-consistency`. Events in another unit (e.g. a token
 * budget next to a USD budget) are not compared.
 */
export function checkAccountingConsistency(awu: AwuContext, report: ReportFinding): void {
  const unit = readString(awu.attributes, UNIT);
  if (unit === undefined) return;
  checkUnits(unit, awu.reservations, 'genops.budget.reservation', report);
  checkUnits(unit, awu.reconciliations, 'genops.budget.reconciliation', report);
  const reserved = readFiniteNumber(awu.attributes, RESERVED);
  checkAmount('3.4/reserved-consistency', RESERVED, reserved, unit, awu.reservations, report);
  checkAmount('3.4/reserved-consistency', RESERVED, reserved, unit, awu.reconciliations, report);
  const actual = readFiniteNumber(awu.attributes, ACTUAL);
  checkAmount('3.4/actual-consistency', ACTUAL, actual, unit, awu.reconciliations, report);
}
