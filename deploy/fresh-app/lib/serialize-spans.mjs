/**
 * Finished spans as plain JSON, so that the test process (outside this runtime) can judge them
 * with `@genops/conformance`: the fields of a `ReadableSpan` the conformance suite reads.
 */
export function serializeSpans(spans) {
  return spans.map((span) => ({
    name: span.name,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? span.parentSpanId,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({
      name: event.name,
      time: event.time,
      attributes: { ...event.attributes },
    })),
  }));
}

/** An error as JSON: enough to tell which error it was and why. */
export function serializeError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  return {
    name: error.name,
    message: error.message,
    reasonCode: error.reasonCode,
    policyName: error.policyName,
    stack: error.stack,
  };
}
