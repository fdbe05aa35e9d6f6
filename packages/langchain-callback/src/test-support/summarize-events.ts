import type { ReadableSpan } from '@opentelemetry/sdk-trace';

const VOLATILE = new Set(['genops.policy.timestamp', 'genops.budget.period']);

/** Test support: a span's events as `[name, attributes]` with timestamps and period ids normalised. */
export function summarizeEvents(span: ReadableSpan | undefined): unknown[] {
  return (span?.events ?? []).map((event) => [
    event.name,
    Object.fromEntries(
      Object.entries(event.attributes ?? {}).map(([key, value]) => [
        key,
        VOLATILE.has(key) ? `<${key.split('.').at(-1)}>` : value,
      ]),
    ),
  ]);
}
