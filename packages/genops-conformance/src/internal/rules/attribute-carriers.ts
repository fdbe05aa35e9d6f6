import type { TelemetryAttributes } from '../../model/telemetry.js';
import { type AwuContext, describeEvent, type GenOpsEvent } from '../awu-context.js';

/** A holder of attributes inside an AWU: the span itself or one of its GenOps events. */
export interface AttributeCarrier {
  readonly attributes: TelemetryAttributes;
  /** The event, or `undefined` for the AWU span. */
  readonly event: GenOpsEvent | undefined;
  /** `the AWU` or an event label, for messages. */
  readonly label: string;
}

/** The AWU span followed by each of its GenOps events. */
export function attributeCarriers(awu: AwuContext): AttributeCarrier[] {
  return [
    { attributes: awu.attributes, event: undefined, label: 'the AWU' },
    ...awu.events.map((event) => ({
      attributes: event.attributes,
      event,
      label: describeEvent(event),
    })),
  ];
}
