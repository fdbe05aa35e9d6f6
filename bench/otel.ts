import type { ExportResult } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** An exporter that drops spans: measures the SDK's own cost, not an exporter's. */
class DiscardingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A tracer provider that counts the spans its exporter received. */
export type CountingTracerProvider = TracerProvider & { exported(): number };

/**
 * A tracer provider with the SDK's batch processor, as in production, exporting nowhere. The queue
 * is large enough that no span is dropped at benchmark rates (`exported()` tells), and a batch goes
 * out every 512 spans, as with the SDK's default batch size.
 */
export function createBatchTracerProvider(): CountingTracerProvider {
  const exporter = new DiscardingExporter();
  const provider = new TracerProvider({
    spanProcessors: [
      new BatchSpanProcessor({ exporter, maxQueueSize: 65_536, maxExportBatchSize: 512 }),
    ],
  });
  return Object.assign(provider, { exported: () => exporter.exported });
}
