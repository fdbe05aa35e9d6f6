import { readFile } from 'node:fs/promises';
import type { Telemetry, TelemetryLogRecord, TelemetrySpan } from '../model/telemetry.js';
import { parseOtlpJson } from './parse-otlp-json.js';
import { TelemetryReadError } from './telemetry-read-error.js';

/**
 * Reads OTLP/JSON files (single documents or Collector file-exporter JSON lines, see
 * {@link parseOtlpJson}) and merges them into one {@link Telemetry}, so spans and the log records
 * of their events may come from different files. Node.js only.
 *
 * @throws TelemetryReadError naming the first file that cannot be read or is not OTLP/JSON.
 * @example
 * ```ts
 * const telemetry = await readTelemetryFiles(['traces.jsonl', 'logs.jsonl']);
 * const report = checkTelemetry(telemetry, { specVersion: '0.1.0' });
 * ```
 */
export async function readTelemetryFiles(paths: readonly string[]): Promise<Telemetry> {
  const spans: TelemetrySpan[] = [];
  const logs: TelemetryLogRecord[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new TelemetryReadError({
        source: path,
        reason: `cannot be read (${detail})`,
        cause: error,
      });
    }
    const telemetry = parseOtlpJson(text, { source: path });
    for (const span of telemetry.spans) spans.push(span);
    for (const log of telemetry.logs) logs.push(log);
  }
  return { spans, logs };
}
