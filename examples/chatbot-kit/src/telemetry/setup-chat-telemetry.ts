import { connect } from 'node:net';
import { resolve } from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describeError } from '../chat/chat-notices.js';
import { displayPath } from '../display-path.js';
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
  /**
   * Checks that the OTLP endpoint accepts connections (one TCP connect): a one-line warning saying
   * so and what to do, or `undefined` (also when no endpoint is configured).
   */
  probe(): Promise<string | undefined>;
  /**
   * Flushes and stops every exporter, waiting at most `shutdownTimeoutMs`. Never rejects:
   * resolves with a warning saying what could not be delivered, or `undefined`.
   */
  shutdown(): Promise<string | undefined>;
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
  /**
   * Receives a failed OTLP export, once per distinct problem (the spans are still in the file).
   * Default: ignored.
   */
  readonly onExportError?: (message: string) => void;
  /** Longest wait for the exporters at shutdown, ms. Default: 3000. */
  readonly shutdownTimeoutMs?: number;
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
  onExportError = () => {},
  shutdownTimeoutMs = 3000,
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
  let undelivered = 0;
  if (otlpEndpoint !== undefined) {
    const exporter = new ReportingExporter(new OTLPTraceExporter(), (count, error) => {
      undelivered += count;
      onExportError(
        `telemetry: the OTLP endpoint ${otlpEndpoint} did not take ${count === 1 ? 'a span' : `${count} spans`} (${describeError(error)}); every span is still in ${displayPath(path, env)}`,
      );
    });
    processors.push(new BatchSpanProcessor({ exporter }));
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
    probe: () =>
      otlpEndpoint === undefined ? Promise.resolve(undefined) : probeEndpoint(otlpEndpoint),
    async shutdown() {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        tracerProvider.shutdown().then(
          () => 'done' as const,
          (error: unknown) => error,
        ),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (registered) context.disable();
      if (finished === 'done' && undelivered === 0) return undefined;
      if (otlpEndpoint === undefined) {
        return finished === 'done' || finished === 'timeout'
          ? undefined
          : `telemetry: closing the exporters failed (${describeError(finished)})`;
      }
      const why =
        finished === 'timeout'
          ? `it did not answer within ${shutdownTimeoutMs / 1000} s at exit`
          : finished === 'done'
            ? 'it refused them'
            : describeError(finished);
      return `telemetry: spans may be missing at the OTLP endpoint ${otlpEndpoint} (${why}); all of them are in ${displayPath(path, env)}`;
    },
  };
}

/** Passes spans on to an exporter, and reports the ones it could not export. */
class ReportingExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #onFailure: (count: number, error: unknown) => void;

  constructor(inner: SpanExporter, onFailure: (count: number, error: unknown) => void) {
    this.#inner = inner;
    this.#onFailure = onFailure;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.#inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.#onFailure(spans.length, result.error);
      resultCallback(result);
    });
  }

  async shutdown(): Promise<void> {
    try {
      await this.#inner.shutdown();
    } catch (error) {
      this.#onFailure(0, error);
    }
  }

  async forceFlush(): Promise<void> {
    try {
      await this.#inner.forceFlush?.();
    } catch (error) {
      this.#onFailure(0, error);
    }
  }
}

/** One TCP connect to the endpoint's host and port, within 1 s. */
async function probeEndpoint(endpoint: string): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `telemetry: OTEL_EXPORTER_OTLP_ENDPOINT is not a URL (${endpoint}); spans go to the file only`;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const error = await new Promise<Error | undefined>((resolve) => {
    const socket = connect({ host, port });
    const done = (result: Error | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(new Error('no answer within 1 s')));
    socket.once('error', done);
    socket.once('connect', () => done(undefined));
  });
  return error === undefined
    ? undefined
    : `telemetry: the OTLP endpoint ${endpoint} is not reachable (${describeError(error)}) — start your collector or unset OTEL_EXPORTER_OTLP_ENDPOINT; spans still go to the file`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
