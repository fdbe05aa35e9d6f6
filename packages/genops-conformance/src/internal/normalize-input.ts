import type { TelemetryLogRecord, TelemetrySpan } from '../model/telemetry.js';
import type { LogRecordInput, SpanInput } from '../model/telemetry-input.js';
import { fromReadableLogRecord } from '../readers/from-readable-log-record.js';
import { fromReadableSpan } from '../readers/from-readable-span.js';

/** An SDK span (it has `spanContext()`) or an already normalized span. */
export function toTelemetrySpan(input: SpanInput): TelemetrySpan {
  return 'spanContext' in input ? fromReadableSpan(input) : input;
}

/** An SDK log record (it has `hrTime`) or an already normalized record. */
export function toTelemetryLogRecord(input: LogRecordInput): TelemetryLogRecord {
  return 'hrTime' in input ? fromReadableLogRecord(input) : input;
}

/** The record's event name: `eventName`, else its `event.name` attribute. */
export function logEventName(record: TelemetryLogRecord): string | undefined {
  if (record.eventName !== undefined && record.eventName !== '') return record.eventName;
  const attribute = record.attributes['event.name'];
  return typeof attribute === 'string' ? attribute : undefined;
}
