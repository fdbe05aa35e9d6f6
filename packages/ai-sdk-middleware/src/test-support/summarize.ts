import type { Governor } from '@genops/core';
import { type SpanSummary, summarizeSpans } from '@genops/testing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** `summarizeSpans` with exception stack traces (machine-specific paths) replaced by `<stack>`. */
export function summarize(spans: readonly ReadableSpan[]): SpanSummary[] {
  return summarizeSpans(spans).map((span) => ({
    ...span,
    events: span.events.map((event) =>
      event.attributes['exception.stacktrace'] === undefined
        ? event
        : { ...event, attributes: { ...event.attributes, 'exception.stacktrace': '<stack>' } },
    ),
  }));
}

/** Consumed and reserved amounts of the `support-monthly` budget (zeros before its first reservation). */
export async function budgetState(
  governor: Governor,
  budget = 'support-monthly',
): Promise<{ consumed: number; reserved: number }> {
  const snapshot = await governor.snapshot(budget);
  return { consumed: snapshot?.consumed ?? 0, reserved: snapshot?.reserved ?? 0 };
}
