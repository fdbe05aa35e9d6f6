import type { Telemetry, TelemetryLogRecord, TelemetrySpan } from '../model/telemetry.js';
import { readOtlpJson } from './read-otlp-json.js';
import { TelemetryReadError } from './telemetry-read-error.js';

/**
 * Options of {@link parseOtlpJson}.
 *
 * @example
 * ```ts
 * parseOtlpJson(text, { source: 'collector/traces.jsonl' });
 * ```
 */
export interface ParseOtlpJsonOptions {
  /** Name of the source (file), used in error messages and reports. Default: none. */
  readonly source?: string;
}

/**
 * Parses OTLP/JSON text: either one JSON document (possibly pretty-printed) or JSON lines as
 * written by the OpenTelemetry Collector's file exporter — one `resourceSpans`, `resourceLogs` or
 * `resourceMetrics` document per line, blank lines ignored, traces and logs mixed freely.
 *
 * @throws TelemetryReadError when the text is empty, a line is not JSON, a document is not
 *   OTLP/JSON, or the input holds no `resourceSpans`/`resourceLogs` at all; the message names the
 *   source and line.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const telemetry = parseOtlpJson(readFileSync('traces.jsonl', 'utf8'), { source: 'traces.jsonl' });
 * const report = checkTelemetry(telemetry);
 * ```
 */
export function parseOtlpJson(text: string, options: ParseOtlpJsonOptions = {}): Telemetry {
  const { source } = options;
  if (text.trim() === '') {
    throw new TelemetryReadError({ source, reason: 'is empty (expected OTLP/JSON)' });
  }
  const documents = splitDocuments(text, source);
  const spans: TelemetrySpan[] = [];
  const logs: TelemetryLogRecord[] = [];
  let hasTracesOrLogs = false;
  for (const { document, line } of documents) {
    const telemetry = readOtlpJson(document, {
      ...(source === undefined ? {} : { source }),
      ...(line === undefined ? {} : { line }),
    });
    hasTracesOrLogs ||= isTracesOrLogsDocument(document);
    for (const span of telemetry.spans) spans.push(span);
    for (const log of telemetry.logs) logs.push(log);
  }
  if (!hasTracesOrLogs) {
    throw new TelemetryReadError({
      source,
      reason: 'contains no resourceSpans or resourceLogs (only metrics?)',
    });
  }
  return { spans, logs };
}

interface ParsedDocument {
  readonly document: unknown;
  readonly line: number | undefined;
}

function isTracesOrLogsDocument(document: unknown): boolean {
  return (
    typeof document === 'object' &&
    document !== null &&
    ('resourceSpans' in document || 'resourceLogs' in document)
  );
}

function errorDetail(error: unknown): string {
  return error instanceof Error ? ` (${error.message})` : '';
}

function splitDocuments(text: string, source: string | undefined): ParsedDocument[] {
  let wholeDocumentError: unknown;
  try {
    return [{ document: JSON.parse(text), line: undefined }];
  } catch (error) {
    // Not a single document: read it as JSON lines.
    wholeDocumentError = error;
  }
  const documents: ParsedDocument[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const content = lines[index]?.trim() ?? '';
    if (content === '') continue;
    try {
      documents.push({ document: JSON.parse(content), line: index + 1 });
    } catch (error) {
      if (documents.length === 0 && !content.endsWith('}')) {
        // The very first line is not a document: most likely one broken (pretty-printed) document.
        throw new TelemetryReadError({
          source,
          reason: `is not JSON${errorDetail(wholeDocumentError)} nor JSON lines (line ${index + 1}${errorDetail(error)})`,
          cause: wholeDocumentError,
        });
      }
      throw new TelemetryReadError({
        source,
        line: index + 1,
        reason: `is not JSON${errorDetail(error)}`,
        cause: error,
      });
    }
  }
  return documents;
}
