import { SLA_ATTRIBUTES } from '../../registry/attribute-registry.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { hasAttribute, readBoolean, readFiniteNumber } from '../read-attribute.js';

/** The SLA attributes only an AWU that ran can measure (6.3: "measured end-to-end latency"). */
const MEASURED = ['genops.sla.actual_latency_ms', 'genops.sla.met'];

/**
 * `6.3/sla-attributes-complete` and `6.3/sla-met-consistency` on the AWU span. A refused AWU
 * never ran, so it may declare its tier and target without the measured pair.
 */
export function checkSla(awu: AwuContext, report: ReportFinding): void {
  const present = SLA_ATTRIBUTES.filter((key) => hasAttribute(awu.attributes, key));
  if (present.length === 0) return;
  const unmeasured = awu.refused && MEASURED.every((key) => !present.includes(key));
  const missing = SLA_ATTRIBUTES.filter(
    (key) => !present.includes(key) && !(unmeasured && MEASURED.includes(key)),
  );
  for (const key of missing) {
    report(
      '6.3/sla-attributes-complete',
      `SLA enforcement is active (${present.join(', ')} present) but ${key} is missing`,
      { attribute: key },
    );
  }
  if (missing.length > 0) return;
  const target = readFiniteNumber(awu.attributes, 'genops.sla.latency_target_ms');
  const actual = readFiniteNumber(awu.attributes, 'genops.sla.actual_latency_ms');
  const met = readBoolean(awu.attributes, 'genops.sla.met');
  if (target === undefined || actual === undefined || met === undefined) return;
  const expected = actual <= target;
  if (met === expected) return;
  report(
    '6.3/sla-met-consistency',
    `genops.sla.met is ${met} but actual_latency_ms ${actual} ${expected ? '<=' : '>'} latency_target_ms ${target}`,
    { attribute: 'genops.sla.met' },
  );
}
