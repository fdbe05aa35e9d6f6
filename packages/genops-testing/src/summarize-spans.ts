import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** A span reduced to what snapshot tests compare. */
export interface SpanSummary {
  name: string;
  /** Index (in the summarized list) of the parent span, or `null`. */
  parent: number | null;
  status: number;
  attributes: Attributes;
  events: { name: string; attributes: Attributes }[];
}

const volatile = new Set([
  'genops.policy.timestamp',
  'genops.sla.actual_latency_ms',
  'exception.stacktrace',
]);

function stable(attributes: Attributes | undefined): Attributes {
  const result: Attributes = {};
  for (const key of Object.keys(attributes ?? {}).sort()) {
    result[key] = volatile.has(key) ? '<volatile>' : (attributes as Attributes)[key];
  }
  return result;
}

/**
 * Reduces spans to a stable shape for inline snapshots: sorted attribute keys, timestamps and
 * latencies replaced by `<volatile>`, parents as indexes into the list instead of random ids.
 *
 * @example
 * ```ts
 * expect(summarizeSpans(await telemetry.spans())).toMatchInlineSnapshot();
 * ```
 */
export function summarizeSpans(spans: readonly ReadableSpan[]): SpanSummary[] {
  const index = new Map(spans.map((span, i) => [span.spanContext().spanId, i]));
  return spans.map((span) => ({
    name: span.name,
    parent: index.get(span.parentSpanContext?.spanId ?? '') ?? null,
    status: span.status.code,
    attributes: stable(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      attributes: stable(event.attributes),
    })),
  }));
}
