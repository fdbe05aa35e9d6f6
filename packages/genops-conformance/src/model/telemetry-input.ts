import type { ReadableLogRecordLike, ReadableSpanLike } from './sdk-inputs.js';
import type { TelemetryLogRecord, TelemetrySpan } from './telemetry.js';

/**
 * A span the checker accepts: an OpenTelemetry JS SDK `ReadableSpan` (1.x, 2.x, 3.x) or a
 * normalized {@link TelemetrySpan} (what the OTLP/JSON readers return).
 *
 * @example
 * ```ts
 * const spans: SpanInput[] = exporter.getFinishedSpans();
 * ```
 */
export type SpanInput = ReadableSpanLike | TelemetrySpan;

/**
 * A log record the checker accepts: an OpenTelemetry JS SDK `ReadableLogRecord`
 * (`@opentelemetry/sdk-logs`) or a normalized {@link TelemetryLogRecord}.
 *
 * @example
 * ```ts
 * const logs: LogRecordInput[] = logExporter.getFinishedLogRecords();
 * ```
 */
export type LogRecordInput = ReadableLogRecordLike | TelemetryLogRecord;

/**
 * What {@link checkTelemetry} judges: spans and, when the runtime emits GenOps events through the
 * Logs API, log records. Both default to `[]`. A {@link Telemetry} returned by the readers is a
 * `TelemetryInput`.
 *
 * @example
 * ```ts
 * checkTelemetry({
 *   spans: spanExporter.getFinishedSpans(),
 *   logs: logExporter.getFinishedLogRecords(),
 * });
 * ```
 */
export interface TelemetryInput {
  /** Spans, AWUs or not (non-AWU spans are ignored unless they carry GenOps events). */
  readonly spans?: readonly SpanInput[];
  /** Log records; those named `genops.*` are attached to their AWU by span id. */
  readonly logs?: readonly LogRecordInput[];
}
