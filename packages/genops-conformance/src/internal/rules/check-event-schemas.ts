import { EVENT_REGISTRY } from '../../registry/event-registry.js';
import { type AwuContext, describeEvent } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { hasAttribute } from '../read-attribute.js';

/** `8/event-required-attribute` and `8/unknown-event` on every GenOps event of the AWU. */
export function checkEventSchemas(awu: AwuContext, report: ReportFinding): void {
  for (const event of awu.events) {
    const schema = EVENT_REGISTRY[event.name];
    if (schema === undefined) {
      report('8/unknown-event', `${describeEvent(event)} is not an event of spec v0.1`, {
        event: event.name,
      });
      continue;
    }
    for (const name of schema.requiredAttributes) {
      if (hasAttribute(event.attributes, name)) continue;
      report(
        '8/event-required-attribute',
        `${describeEvent(event)} is missing required attribute ${name} (Section ${schema.section})`,
        { event: event.name, attribute: name },
      );
    }
  }
}
