import { context, type Span, type Tracer, trace } from '@opentelemetry/api';
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
import {
  BasicTracerProvider as BasicTracerProvider2,
  InMemorySpanExporter as InMemorySpanExporter2,
  type ReadableSpan as ReadableSpan2,
  SimpleSpanProcessor as SimpleSpanProcessor2,
} from 'otel-sdk-trace-base-2';
import type { AwuSpec, SpecValue } from './awu-specs.js';

/** Span start of the first AWU, epoch ms; AWUs start 1 s apart. */
export const BASE_TIME_MS = 1_767_225_600_000;

/** Fixed ids (trace, span) per AWU index, so OTLP/JSON fixtures can use the same identities. */
export function fixedIds(index: number): { traceId: string; spanId: string } {
  const hex = (index + 1).toString(16);
  return {
    traceId: `4bf92f3577b34da6a3ce929d0e0e${hex.padStart(4, '0')}`,
    spanId: `00f067aa0ba9${hex.padStart(4, '0')}`,
  };
}

/** An IdGenerator handing out {@link fixedIds} in order. */
function fixedIdGenerator() {
  let traceIndex = 0;
  let spanIndex = 0;
  return {
    generateTraceId: () => fixedIds(traceIndex++).traceId,
    generateSpanId: () => fixedIds(spanIndex++).spanId,
  };
}

function replay(
  tracer: Tracer,
  awus: readonly AwuSpec[],
  emitLog: (
    span: Span,
    name: string,
    attributes: Record<string, SpecValue>,
    timeMs: number,
  ) => void,
): void {
  awus.forEach((awu, index) => {
    const startMs = BASE_TIME_MS + index * 1000;
    const span = tracer.startSpan(awu.name, { startTime: startMs });
    span.setAttributes(awu.attributes);
    let atMs = 0;
    for (const event of awu.events) {
      atMs = event.atMs ?? atMs + 10;
      const attributes = { ...event.attributes };
      if (event.via !== 'span' && event.via !== undefined) {
        emitLog(span, event.name, attributes, startMs + atMs);
      }
      if (event.via !== 'log') span.addEvent(event.name, attributes, startMs + atMs);
    }
    span.end(startMs + atMs + 10);
  });
}

/** Options of the emitters. */
export interface EmitOptions {
  /** Use {@link fixedIds} instead of random ids. Default `false`. */
  readonly fixedIds?: boolean;
  /** Shift log-record timestamps by this many ms (a coarser or skewed log clock). Default `0`. */
  readonly logClockSkewMs?: number;
}

/**
 * Replays AWU specs through the real OpenTelemetry JS SDK 3.x (`@opentelemetry/sdk-trace` and
 * `@opentelemetry/sdk-logs`), one root span per AWU, and returns what the in-memory exporters got.
 */
export async function emitWithSdk3(
  awus: readonly AwuSpec[],
  options: EmitOptions = {},
): Promise<{ spans: ReadableSpan[]; logs: ReadableLogRecord[] }> {
  const spanExporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
    ...(options.fixedIds === true ? { idGenerator: fixedIdGenerator() } : {}),
  });
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  const logger = loggerProvider.getLogger('genops-conformance-tests');
  replay(provider.getTracer('genops-conformance-tests'), awus, (span, name, attributes, timeMs) => {
    logger.emit({
      eventName: name,
      timestamp: timeMs + (options.logClockSkewMs ?? 0),
      attributes,
      context: trace.setSpan(context.active(), span),
    });
  });
  await provider.forceFlush();
  await loggerProvider.forceFlush();
  return { spans: spanExporter.getFinishedSpans(), logs: logExporter.getFinishedLogRecords() };
}

/**
 * Replays AWU specs through the OpenTelemetry JS SDK 2.x (`@opentelemetry/sdk-trace-base` 2.x,
 * installed as `otel-sdk-trace-base-2`). Every event becomes a span event here.
 */
export async function emitWithSdk2(
  awus: readonly AwuSpec[],
  options: EmitOptions = {},
): Promise<ReadableSpan2[]> {
  const exporter = new InMemorySpanExporter2();
  const provider = new BasicTracerProvider2({
    spanProcessors: [new SimpleSpanProcessor2(exporter)],
    ...(options.fixedIds === true ? { idGenerator: fixedIdGenerator() } : {}),
  });
  const spanOnly = awus.map((awu) => ({
    ...awu,
    events: awu.events.map((event) => ({ ...event, via: 'span' as const })),
  }));
  replay(provider.getTracer('genops-conformance-tests'), spanOnly, () => undefined);
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}
