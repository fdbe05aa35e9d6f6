import type { CheckOptions } from '../check/check-options.js';
import { checkTelemetry } from '../check/check-telemetry.js';
import { readOtlpJson } from '../readers/read-otlp-json.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import type { AwuSpec } from './awu-specs.js';
import { BASE_TIME_MS, fixedIds } from './emit-with-sdk.js';

/**
 * Hand-built OTLP/JSON AWUs: what an SDK cannot emit (an attribute with an empty OTLP value,
 * `doubleValue: "NaN"` for an int64, an event without a timestamp) is written here as the wire
 * shows it and read back through {@link readOtlpJson}, the reader the CLI uses.
 */

/** An OTLP `AnyValue` written as is, e.g. `{ doubleValue: 'NaN' }` or `{}` (no value). */
export interface RawOtlpValue {
  readonly otlp: Readonly<Record<string, unknown>>;
}

/** An attribute value: plain values are encoded as the JS OTLP exporter does. */
export type OtlpAttributeValue = string | number | boolean | RawOtlpValue;

/** One GenOps event of an {@link OtlpAwu}. */
export interface OtlpEvent {
  readonly name: string;
  readonly attributes: Readonly<Record<string, OtlpAttributeValue>>;
  /** Milliseconds after the span start; `null` writes no timestamp. Default: 10 ms after the last. */
  readonly atMs?: number | null;
}

/** One AWU span as plain, editable data. */
export interface OtlpAwu {
  readonly name: string;
  readonly attributes: Readonly<Record<string, OtlpAttributeValue>>;
  readonly events: readonly OtlpEvent[];
}

/** The OTLP `AnyValue` a value is written as (integral numbers as `intValue`, like the exporter). */
export function encodeOtlpValue(value: OtlpAttributeValue): Readonly<Record<string, unknown>> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { intValue: value };
    return { doubleValue: Number.isFinite(value) ? value : String(value) };
  }
  return value.otlp;
}

function keyValues(attributes: Readonly<Record<string, OtlpAttributeValue>>) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: encodeOtlpValue(value) }));
}

const nanos = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();

/** An `ExportTraceServiceRequest` holding the AWUs, one span each, with {@link fixedIds}. */
export function otlpDocument(awus: readonly OtlpAwu[]): Record<string, unknown> {
  const spans = awus.map((awu, index) => {
    const startMs = BASE_TIME_MS + index * 1000;
    let atMs = 0;
    const events = awu.events.map((event) => {
      if (event.atMs !== null) atMs = event.atMs ?? atMs + 10;
      return {
        name: event.name,
        ...(event.atMs === null ? {} : { timeUnixNano: nanos(startMs + atMs) }),
        attributes: keyValues(event.attributes),
      };
    });
    return {
      ...fixedIds(index),
      name: awu.name,
      kind: 1,
      startTimeUnixNano: nanos(startMs),
      endTimeUnixNano: nanos(startMs + atMs + 10),
      attributes: keyValues(awu.attributes),
      events,
    };
  });
  return { resourceSpans: [{ scopeSpans: [{ scope: { name: 'hand-built' }, spans }] }] };
}

/** Writes the AWUs as OTLP/JSON, reads them back and judges them. */
export function checkOtlpAwus(
  awus: readonly OtlpAwu[],
  options: CheckOptions = {},
): ConformanceReport {
  return checkTelemetry(readOtlpJson(otlpDocument(awus), { source: 'hand-built.json' }), options);
}

/** An editable copy of an SDK-replay spec (events via logs are written as span events). */
export function otlpAwu(awu: AwuSpec): OtlpAwu {
  return {
    name: awu.name,
    attributes: { ...awu.attributes },
    events: awu.events.map((event) => ({
      name: event.name,
      attributes: { ...event.attributes },
      ...(event.atMs === undefined ? {} : { atMs: event.atMs }),
    })),
  };
}

/** A copy with attributes set; `undefined` removes one. */
export function setAttributes(
  awu: OtlpAwu,
  changes: Readonly<Record<string, OtlpAttributeValue | undefined>>,
): OtlpAwu {
  return { ...awu, attributes: applyChanges(awu.attributes, changes) };
}

/** A copy with the attributes of event `index` set; `undefined` removes one. */
export function setEventAttributes(
  awu: OtlpAwu,
  index: number,
  changes: Readonly<Record<string, OtlpAttributeValue | undefined>>,
): OtlpAwu {
  return {
    ...awu,
    events: awu.events.map((event, position) =>
      position === index
        ? { ...event, attributes: applyChanges(event.attributes, changes) }
        : event,
    ),
  };
}

/** A copy whose events are `order` (indexes into the current events, repeats allowed). */
export function reorderEvents(awu: OtlpAwu, order: readonly number[]): OtlpAwu {
  return {
    ...awu,
    events: order.map((index) => {
      const event = awu.events[index];
      if (event === undefined) throw new Error(`no event ${index}`);
      return event;
    }),
  };
}

function applyChanges(
  attributes: Readonly<Record<string, OtlpAttributeValue>>,
  changes: Readonly<Record<string, OtlpAttributeValue | undefined>>,
): Record<string, OtlpAttributeValue> {
  const result: Record<string, OtlpAttributeValue> = { ...attributes };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** Shorthand for an empty OTLP value (`"value": {}`): a key with no value. */
export const NO_VALUE: RawOtlpValue = { otlp: {} };
