import { hrTimeToNanos } from '../internal/hr-time-to-nanos.js';
import type { ReadableSpanLike } from '../model/sdk-inputs.js';
import type { TelemetrySpan } from '../model/telemetry.js';

/**
 * Converts an OpenTelemetry JS SDK `ReadableSpan` (sdk-trace-base 1.x/2.x, sdk-trace 3.x) to the
 * normalized {@link TelemetrySpan}. {@link checkTelemetry} calls it for you; use it to inspect or
 * store what the checker sees.
 *
 * @example
 * ```ts
 * const spans = exporter.getFinishedSpans().map(fromReadableSpan);
 * ```
 */
export function fromReadableSpan(span: ReadableSpanLike): TelemetrySpan {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timeUnixNano: hrTimeToNanos(event.time),
      attributes: event.attributes ?? {},
    })),
  };
}
