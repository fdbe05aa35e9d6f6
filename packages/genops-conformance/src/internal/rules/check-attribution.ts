import {
  ATTRIBUTION_ATTRIBUTES,
  CUSTOMER_CONTEXT_ATTRIBUTES,
} from '../../registry/attribute-registry.js';
import type { RuleId } from '../../registry/rule-registry.js';
import { type AwuContext, describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { hasAttribute } from '../read-attribute.js';

const CHECKS: ReadonlyArray<{ ruleId: RuleId; keys: readonly string[] }> = [
  { ruleId: '2.3/attribution-consistency', keys: ATTRIBUTION_ATTRIBUTES },
  { ruleId: '7.3/customer-context-consistency', keys: CUSTOMER_CONTEXT_ATTRIBUTES },
];

/**
 * `2.3/attribution-consistency`: an event that carries team, project or environment carries the
 * AWU's value (2.3 makes them immutable). `7.3/customer-context-consistency` (a warning): the same
 * for the optional customer context, which 2.3 does not name.
 */
export function checkAttribution(awu: AwuContext, report: ReportFinding): void {
  for (const event of awu.events) {
    for (const { ruleId, keys } of CHECKS) {
      for (const key of keys) {
        if (!hasAttribute(event.attributes, key) || !hasAttribute(awu.attributes, key)) continue;
        const value = event.attributes[key];
        const expected = awu.attributes[key];
        if (value === expected) continue;
        report(
          ruleId,
          `${describeEvent(event)} has ${key} ${formatValue(value)} but the AWU has ${formatValue(expected)}`,
          { attribute: key, event: event.name },
        );
      }
    }
  }
}
