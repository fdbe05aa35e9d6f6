import { ATTRIBUTION_ATTRIBUTES } from '../../registry/attribute-registry.js';
import { type AwuContext, describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { hasAttribute } from '../read-attribute.js';

/**
 * `2.3/attribution-consistency`: an event that carries an attribution attribute carries the AWU's
 * value (attribution is immutable for the AWU's lifetime).
 */
export function checkAttribution(awu: AwuContext, report: ReportFinding): void {
  for (const event of awu.events) {
    for (const key of ATTRIBUTION_ATTRIBUTES) {
      if (!hasAttribute(event.attributes, key) || !hasAttribute(awu.attributes, key)) continue;
      const value = event.attributes[key];
      const expected = awu.attributes[key];
      if (value === expected) continue;
      report(
        '2.3/attribution-consistency',
        `${describeEvent(event)} has ${key} ${formatValue(value)} but the AWU has ${formatValue(expected)}`,
        { attribute: key, event: event.name },
      );
    }
  }
}
