import { OtlpDecoder, type OtlpLocation } from '../internal/otlp-decoder.js';
import type {
  Telemetry,
  TelemetryEvent,
  TelemetryLogRecord,
  TelemetrySpan,
} from '../model/telemetry.js';

/**
 * Options of {@link readOtlpJson}.
 *
 * @example
 * ```ts
 * readOtlpJson(document, { source: 'traces.json' });
 * ```
 */
export interface ReadOtlpJsonOptions {
  /** Name of the source (file), used in error messages and reports. Default: none. */
  readonly source?: string;
  /** 1-based line of the document in a JSON-lines file. Default: none. */
  readonly line?: number;
}

/**
 * Reads one parsed OTLP/JSON document — an `ExportTraceServiceRequest` (`resourceSpans`), an
 * `ExportLogsServiceRequest` (`resourceLogs`) or both — into normalized {@link Telemetry}. Trace and
 * span ids are hex (lowercased), 64-bit integers may be strings, special doubles may be `"NaN"`
 * or `"Infinity"`. A metrics-only document (`resourceMetrics`) reads as empty telemetry.
 *
 * @throws TelemetryReadError when the document is not an object, has none of `resourceSpans`,
 *   `resourceLogs`, `resourceMetrics`, or has a structure of the wrong shape (the message gives
 *   the JSON path).
 * @example
 * ```ts
 * const telemetry = readOtlpJson(JSON.parse(text), { source: 'traces.json' });
 * checkTelemetry(telemetry);
 * ```
 */
export function readOtlpJson(input: unknown, options: ReadOtlpJsonOptions = {}): Telemetry {
  const location: OtlpLocation = { source: options.source, line: options.line };
  const decoder = new OtlpDecoder(location);
  const document = decoder.object(input, 'the document');
  if (
    document.resourceSpans === undefined &&
    document.resourceLogs === undefined &&
    document.resourceMetrics === undefined
  ) {
    decoder.fail(
      'the document',
      'has no resourceSpans or resourceLogs (not an OTLP/JSON traces or logs export)',
    );
  }
  const source = sourceLabel(location);
  return {
    spans: readSpans(decoder, document, source),
    logs: readLogs(decoder, document, source),
  };
}

function sourceLabel({ source, line }: OtlpLocation): string | undefined {
  if (source === undefined) return line === undefined ? undefined : `line ${line}`;
  return line === undefined ? source : `${source}:${line}`;
}

function readSpans(
  decoder: OtlpDecoder,
  document: Readonly<Record<string, unknown>>,
  source: string | undefined,
): TelemetrySpan[] {
  const spans: TelemetrySpan[] = [];
  const resources = decoder.array(document, 'resourceSpans', '');
  resources.forEach((resourceRaw, resourceIndex) => {
    const resourcePath = `resourceSpans[${resourceIndex}]`;
    const resource = decoder.object(resourceRaw, resourcePath);
    decoder.array(resource, 'scopeSpans', resourcePath).forEach((scopeRaw, scopeIndex) => {
      const scopePath = `${resourcePath}.scopeSpans[${scopeIndex}]`;
      const scope = decoder.object(scopeRaw, scopePath);
      decoder.array(scope, 'spans', scopePath).forEach((spanRaw, spanIndex) => {
        spans.push(readSpan(decoder, spanRaw, `${scopePath}.spans[${spanIndex}]`, source));
      });
    });
  });
  return spans;
}

function readSpan(
  decoder: OtlpDecoder,
  raw: unknown,
  path: string,
  source: string | undefined,
): TelemetrySpan {
  const span = decoder.object(raw, path);
  const events: TelemetryEvent[] = decoder
    .array(span, 'events', path)
    .map((eventRaw, eventIndex) => {
      const eventPath = `${path}.events[${eventIndex}]`;
      const event = decoder.object(eventRaw, eventPath);
      return {
        name: decoder.string(event, 'name', eventPath) ?? '',
        timeUnixNano: decoder.nanos(event, 'timeUnixNano', eventPath),
        attributes: decoder.attributes(event, eventPath),
      };
    });
  return {
    traceId: decoder.id(span, 'traceId', path),
    spanId: decoder.id(span, 'spanId', path),
    name: decoder.string(span, 'name', path) ?? '',
    attributes: decoder.attributes(span, path),
    events,
    ...(source === undefined ? {} : { source }),
  };
}

function readLogs(
  decoder: OtlpDecoder,
  document: Readonly<Record<string, unknown>>,
  source: string | undefined,
): TelemetryLogRecord[] {
  const logs: TelemetryLogRecord[] = [];
  const resources = decoder.array(document, 'resourceLogs', '');
  resources.forEach((resourceRaw, resourceIndex) => {
    const resourcePath = `resourceLogs[${resourceIndex}]`;
    const resource = decoder.object(resourceRaw, resourcePath);
    decoder.array(resource, 'scopeLogs', resourcePath).forEach((scopeRaw, scopeIndex) => {
      const scopePath = `${resourcePath}.scopeLogs[${scopeIndex}]`;
      const scope = decoder.object(scopeRaw, scopePath);
      decoder.array(scope, 'logRecords', scopePath).forEach((recordRaw, recordIndex) => {
        logs.push(
          readLogRecord(decoder, recordRaw, `${scopePath}.logRecords[${recordIndex}]`, source),
        );
      });
    });
  });
  return logs;
}

function readLogRecord(
  decoder: OtlpDecoder,
  raw: unknown,
  path: string,
  source: string | undefined,
): TelemetryLogRecord {
  const record = decoder.object(raw, path);
  const attributes = decoder.attributes(record, path);
  const eventNameAttribute = attributes['event.name'];
  const eventName =
    decoder.string(record, 'eventName', path) ||
    (typeof eventNameAttribute === 'string' ? eventNameAttribute : undefined);
  const traceId = decoder.id(record, 'traceId', path);
  const spanId = decoder.id(record, 'spanId', path);
  const time = decoder.nanos(record, 'timeUnixNano', path);
  return {
    ...(traceId === '' ? {} : { traceId }),
    ...(spanId === '' ? {} : { spanId }),
    ...(eventName === undefined || eventName === '' ? {} : { eventName }),
    timeUnixNano: time === 0n ? decoder.nanos(record, 'observedTimeUnixNano', path) : time,
    attributes,
    ...(source === undefined ? {} : { source }),
  };
}
