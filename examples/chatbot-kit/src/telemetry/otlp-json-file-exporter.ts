import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Writes spans to a local file as OTLP/JSON lines, like the OpenTelemetry Collector's file
 * exporter: one `{"resourceSpans":[…]}` document per export, one per line, appended. The
 * document is produced by OpenTelemetry's own serializer (`JsonTraceSerializer`), so the file
 * is exactly what an OTLP/HTTP JSON endpoint would receive. `genops-conformance check` reads it.
 *
 * @example
 * ```ts
 * new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new OtlpJsonFileExporter('.genops/telemetry.jsonl') })] });
 * ```
 */
export class OtlpJsonFileExporter implements SpanExporter {
  readonly #path: string;
  readonly #decoder = new TextDecoder();

  constructor(path: string) {
    this.#path = path;
    mkdirSync(dirname(path), { recursive: true });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      const document = this.#decoder.decode(JsonTraceSerializer.serializeRequest(spans));
      appendFileSync(this.#path, `${document}\n`);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}
