import {
  ATTRIBUTE_REGISTRY,
  type AttributeDefinition,
  SLA_ATTRIBUTES,
} from '../../registry/attribute-registry.js';
import { EVENT_REGISTRY } from '../../registry/event-registry.js';
import { isPlaceholderString } from '../../registry/placeholder-values.js';
import type { AwuContext } from '../awu-context.js';
import type { ReportFinding } from '../finding-collector.js';
import { formatValue } from '../format-value.js';
import { hasAttribute } from '../read-attribute.js';
import { type AttributeCarrier, attributeCarriers } from './attribute-carriers.js';

/** Why a value is a placeholder, or `undefined` when it is meaningful (or of another type). */
function placeholderProblem(value: unknown, definition: AttributeDefinition): string | undefined {
  if (value === null) return 'has no value';
  if (typeof value === 'string' && definition.type === 'string') {
    return isPlaceholderString(value) ? `is a placeholder (${formatValue(value)})` : undefined;
  }
  const numeric = definition.type === 'double' || definition.type === 'int64';
  if (typeof value === 'number' && numeric) {
    // A non-finite int64 is a type error (7/attribute-type), reported there once.
    if (!Number.isFinite(value)) {
      return definition.type === 'int64'
        ? undefined
        : `is not a finite number (${formatValue(value)})`;
    }
    if (definition.nonNegative === true && value < 0) return `is negative (${value})`;
  }
  if (typeof value === 'bigint' && numeric && definition.nonNegative === true && value < 0n) {
    return `is negative (${value})`;
  }
  return undefined;
}

function isRequiredOn(carrier: AttributeCarrier, key: string, slaActive: boolean): boolean {
  if (carrier.event !== undefined) {
    const schema = EVENT_REGISTRY[carrier.event.name];
    return (
      schema !== undefined &&
      (schema.requiredAttributes.includes(key) || schema.conditionalAttributes.includes(key))
    );
  }
  const definition = ATTRIBUTE_REGISTRY[key];
  if (definition === undefined) return false;
  if (definition.requirement !== 'optional') return true;
  return slaActive && SLA_ATTRIBUTES.includes(key);
}

/**
 * `9.1.8/placeholder-value` (required attributes: error) and `9.1.8/placeholder-optional-value`
 * (optional attributes: warning). Values of closed-set attributes (decision result, reason code)
 * are judged by their own rules, except an empty OTLP value, which is a null here as anywhere.
 */
export function checkPlaceholderValues(awu: AwuContext, report: ReportFinding): void {
  const slaActive = SLA_ATTRIBUTES.some((key) => hasAttribute(awu.attributes, key));
  for (const carrier of attributeCarriers(awu)) {
    for (const key in carrier.attributes) {
      const definition = ATTRIBUTE_REGISTRY[key];
      if (definition === undefined) continue;
      const value = carrier.attributes[key];
      if (value === undefined || (definition.closedSet === true && value !== null)) continue;
      const problem = placeholderProblem(value, definition);
      if (problem === undefined) continue;
      const required = isRequiredOn(carrier, key, slaActive);
      report(
        required ? '9.1.8/placeholder-value' : '9.1.8/placeholder-optional-value',
        `${required ? 'required' : 'optional'} ${key} on ${carrier.label} ${problem}`,
        { attribute: key, event: carrier.event?.name },
      );
    }
  }
}
