import { ALWAYS_REQUIRED_ATTRIBUTES } from '../../registry/attribute-registry.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { hasAttribute } from '../read-attribute.js';

/** `7.1/required-attribute`, with the conditional exceptions of Sections 7.1 and 7.2.1. */
export function checkRequiredAttributes(awu: AwuContext, report: ReportFinding): void {
  const required: Array<{ name: string; because: string }> = ALWAYS_REQUIRED_ATTRIBUTES.map(
    (name) => ({ name, because: 'required on every AWU' }),
  );
  if (awu.reservationEvidence !== undefined) {
    const because = `the AWU reached reservation: ${awu.reservationEvidence}`;
    required.push({ name: 'genops.accounting.reserved', because });
    required.push({ name: 'genops.accounting.unit', because });
  }
  if (awu.executionEvidence !== undefined) {
    const because = `the AWU reached execution: ${awu.executionEvidence}`;
    required.push({ name: 'genops.accounting.actual', because });
  }
  for (const { name, because } of required) {
    if (hasAttribute(awu.attributes, name)) continue;
    report('7.1/required-attribute', `missing required attribute ${name} (${because})`, {
      attribute: name,
    });
  }
}
