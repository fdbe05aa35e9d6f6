import type { TelemetryAttributes } from '../../model/telemetry.js';
import type { AwuContext } from '../awu-context.js';
import { describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { nearlyEqual } from '../nearly-equal.js';
import { readFiniteNumber } from '../read-attribute.js';

const DELTA = 'genops.accounting.reconciliation_delta';

function deltaProblem(attributes: TelemetryAttributes): string | undefined {
  const raw = attributes[DELTA];
  if (typeof raw === 'number' && !Number.isFinite(raw)) {
    return `${DELTA} is ${formatValue(raw)}, which equals no actual - reserved`;
  }
  const delta = readFiniteNumber(attributes, DELTA);
  const actual = readFiniteNumber(attributes, 'genops.accounting.actual');
  const reserved = readFiniteNumber(attributes, 'genops.accounting.reserved');
  if (delta === undefined || actual === undefined || reserved === undefined) return undefined;
  const expected = actual - reserved;
  const scale = Math.max(Math.abs(actual), Math.abs(reserved), Math.abs(delta));
  if (nearlyEqual(delta, expected, scale)) return undefined;
  return `${DELTA} is ${delta} but actual - reserved = ${actual} - ${reserved} = ${expected}`;
}

/**
 * `8.3/reconciliation-delta`: on the AWU span and on each reconciliation event, a
 * `genops.accounting.reconciliation_delta` equals `actual - reserved` of the same carrier; a NaN
 * or infinite delta never does, whatever else the carrier holds.
 */
export function checkReconciliationDelta(awu: AwuContext, report: ReportFinding): void {
  const spanProblem = deltaProblem(awu.attributes);
  if (spanProblem !== undefined) {
    report('8.3/reconciliation-delta', `on the AWU, ${spanProblem}`, { attribute: DELTA });
  }
  for (const event of awu.reconciliations) {
    const problem = deltaProblem(event.attributes);
    if (problem === undefined) continue;
    report('8.3/reconciliation-delta', `on ${describeEvent(event)}, ${problem}`, {
      attribute: DELTA,
      event: event.name,
    });
  }
}
