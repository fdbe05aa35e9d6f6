import { resolve } from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { AwuRecorder } from './awu-recorder.js';
import { OtlpJsonFileExporter } from './otlp-json-file-exporter.js';

/** The chatbot's OpenTelemetry set-up. */
export interface ChatTelemetry {
  readonly tracerProvider: TracerProvider;
  /** Keeps the AWU spans for the status lines. */
  readonly recorder: AwuRecorder;
  /** The local OTLP/JSON file every span is written to. */
  readonly file: string;
  /** The OTLP endpoint spans are also sent to, when one is configured. */
  readonly otlpEndpoint: string | undefined;
  /** Flushes and stops every exporter. */
  shutdown(): Promise<void>;
}

/** Options of {@link setupChatTelemetry}. */
export interface SetupChatTelemetryOptions {
  /** `service.name` of the resource (`OTEL_SERVICE_NAME` wins). */
  readonly serviceName: string;
  /**
   * The OTLP/JSON file. Default: `GENOPS_TELEMETRY_FILE`, else
   * `.genops/<serviceName>.otlp.jsonl` under the directory the command was started from.
   */
  readonly file?: string;
  /** Environment to read `OTEL_EXPORTER_OTLP_ENDPOINT` and friends from. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Sets up tracing for a chatbot: every span goes to a local OTLP/JSON file (always) and to an OTLP
 * endpoint when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
 * is set — the exporter reads the other `OTEL_EXPORTER_OTLP_*` variables itself. Registers an
 * AsyncLocalStorage context manager unless one is registered already.
 *
 * @example
 * ```ts
 * const telemetry = setupChatTelemetry({ serviceName: 'ai-sdk-chatbot' });
 * const governor = createChatGovernor({ config, tracerProvider: telemetry.tracerProvider });
 * ```
 */
export function setupChatTelemetry({
  serviceName,
  file,
  env = process.env,
}: SetupChatTelemetryOptions): ChatTelemetry {
  const path = resolve(
    file ??
      nonEmpty(env.GENOPS_TELEMETRY_FILE) ??
      resolve(env.INIT_CWD ?? process.cwd(), '.genops', `${serviceName}.otlp.jsonl`),
  );
  const recorder = new AwuRecorder();
  const processors: SpanProcessor[] = [
    recorder,
    new SimpleSpanProcessor({ exporter: new OtlpJsonFileExporter(path) }),
  ];
  const otlpEndpoint =
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (otlpEndpoint !== undefined) {
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  }
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': nonEmpty(env.OTEL_SERVICE_NAME) ?? serviceName,
    }),
    spanProcessors: processors,
  });
  const manager = new AsyncLocalStorageContextManager();
  const registered = context.setGlobalContextManager(manager.enable());
  if (!registered) manager.disable();
  return {
    tracerProvider,
    recorder,
    file: path,
    otlpEndpoint,
    async shutdown() {
      await tracerProvider.shutdown();
      if (registered) context.disable();
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
