import { ATTRIBUTE_REGISTRY, type AttributeType } from '../../registry/attribute-registry.js';
import { type AwuContext, isGenOpsName } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { attributeCarriers } from './attribute-carriers.js';

/**
 * Whether a value has the spec type, judged by value rather than by OTLP wire type (the JS OTLP
 * exporter writes an integral double as `intValue`; an int64 written as `doubleValue: 12` is 12).
 * NaN and ±Infinity are doubles, never int64s.
 */
function matchesType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'double':
      return typeof value === 'number' || typeof value === 'bigint';
    case 'int64':
      return typeof value === 'bigint' || Number.isInteger(value);
  }
}

/** `7/attribute-type` and `7/unknown-attribute` on the AWU span and on every GenOps event. */
export function checkAttributeTypes(awu: AwuContext, report: ReportFinding): void {
  for (const carrier of attributeCarriers(awu)) {
    const eventName = carrier.event?.name;
    for (const key in carrier.attributes) {
      if (!isGenOpsName(key)) continue;
      const value = carrier.attributes[key];
      if (value === undefined) continue;
      const definition = ATTRIBUTE_REGISTRY[key];
      if (definition === undefined) {
        report(
          '7/unknown-attribute',
          `${carrier.label} carries ${key}, which spec v0.1 does not define`,
          {
            attribute: key,
            event: eventName,
          },
        );
        continue;
      }
      if (value === null || matchesType(value, definition.type)) continue;
      report(
        '7/attribute-type',
        `${key} on ${carrier.label} must be ${definition.type}, got ${formatValue(value)}`,
        {
          attribute: key,
          event: eventName,
          spec: { section: 'Appendix A', text: `${key} | ${definition.type}` },
        },
      );
    }
  }
}
