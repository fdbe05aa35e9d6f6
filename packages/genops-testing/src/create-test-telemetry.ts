import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** An OpenTelemetry SDK wired to in-memory exporters, for tests. */
export interface TestTelemetry {
  readonly tracerProvider: TracerProvider;
  readonly loggerProvider: LoggerProvider;
  /** Finished spans, after flushing the processors. */
  spans(): Promise<ReadableSpan[]>;
  /** Emitted log records, after flushing. */
  logs(): Promise<ReadableLogRecord[]>;
  reset(): void;
  shutdown(): Promise<void>;
}

/** Options of {@link createTestTelemetry}. */
export interface TestTelemetryOptions {
  /** Also register the providers and an AsyncLocalStorage context manager globally. Default: true. */
  global?: boolean;
}

/**
 * Creates an OpenTelemetry SDK (3.x) with in-memory span and log exporters and, by default,
 * registers it globally with an AsyncLocalStorage context manager so context flows through awaits.
 *
 * @example
 * ```ts
 * const telemetry = createTestTelemetry();
 * // … run governed code …
 * expectGenOpsCompliant(await telemetry.spans());
 * ```
 */
export function createTestTelemetry({ global = true }: TestTelemetryOptions = {}): TestTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  if (global) {
    context.disable();
    trace.disable();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
  }
  return {
    tracerProvider,
    loggerProvider,
    async spans() {
      await tracerProvider.forceFlush();
      return spanExporter.getFinishedSpans();
    },
    async logs() {
      await loggerProvider.forceFlush();
      return logExporter.getFinishedLogRecords();
    },
    reset() {
      spanExporter.reset();
      logExporter.reset();
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
      if (global) {
        trace.disable();
        context.disable();
      }
    },
  };
}
