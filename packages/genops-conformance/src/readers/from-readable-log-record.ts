import { hrTimeToNanos } from '../internal/hr-time-to-nanos.js';
import type { ReadableLogRecordLike } from '../model/sdk-inputs.js';
import type { TelemetryLogRecord } from '../model/telemetry.js';

/**
 * Converts an OpenTelemetry JS SDK `ReadableLogRecord` (`@opentelemetry/sdk-logs`) to the
 * normalized {@link TelemetryLogRecord}. The event name is the record's `eventName`, else its
 * `event.name` attribute. {@link checkTelemetry} calls it for you.
 *
 * @example
 * ```ts
 * const logs = logExporter.getFinishedLogRecords().map(fromReadableLogRecord);
 * ```
 */
export function fromReadableLogRecord(record: ReadableLogRecordLike): TelemetryLogRecord {
  const eventNameAttribute = record.attributes['event.name'];
  const eventName =
    record.eventName ?? (typeof eventNameAttribute === 'string' ? eventNameAttribute : undefined);
  return {
    ...(record.spanContext === undefined
      ? {}
      : { traceId: record.spanContext.traceId, spanId: record.spanContext.spanId }),
    ...(eventName === undefined ? {} : { eventName }),
    timeUnixNano: hrTimeToNanos(record.hrTime),
    attributes: record.attributes,
  };
}
