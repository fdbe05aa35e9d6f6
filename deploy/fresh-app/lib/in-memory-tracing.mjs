/** An OpenTelemetry SDK tracer provider whose finished spans stay in memory. */
export function createInMemoryTracing(otel) {
  const exporter = new otel.InMemorySpanExporter();
  const tracerProvider = new otel.TracerProvider({
    spanProcessors: [new otel.SimpleSpanProcessor({ exporter })],
  });
  return { exporter, tracerProvider };
}
