import type { TelemetryAttributes } from '../model/telemetry.js';

interface NamedEvent {
  readonly name: string;
  readonly attributes: TelemetryAttributes;
}

function eventKey(event: NamedEvent): string {
  const keys = Object.keys(event.attributes)
    .filter((key) => key.startsWith('genops.') && event.attributes[key] !== undefined)
    .sort();
  return JSON.stringify(
    [event.name, ...keys.map((key) => [key, event.attributes[key]])],
    (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value),
  );
}

/**
 * Drops the log-record events that mirror a span event of the same AWU (same name, same
 * `genops.*` attributes), as a runtime emitting every event to both channels produces: each event
 * is judged once, in the span-event order, instead of merging two clocks (log records carry
 * millisecond timestamps, span events finer ones).
 */
export function withoutMirroredLogEvents<T extends NamedEvent>(
  spanEvents: readonly NamedEvent[],
  logEvents: readonly T[],
): T[] {
  if (spanEvents.length === 0 || logEvents.length === 0) return [...logEvents];
  const remaining = new Map<string, number>();
  for (const event of spanEvents) {
    const key = eventKey(event);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return logEvents.filter((event) => {
    const key = eventKey(event);
    const count = remaining.get(key) ?? 0;
    if (count === 0) return true;
    remaining.set(key, count - 1);
    return false;
  });
}
