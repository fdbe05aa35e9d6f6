import type { Attributes, Context, Span } from '@opentelemetry/api';
import { type AnyValueMap, type LoggerProvider, logs } from '@opentelemetry/api-logs';

/** Where GenOps events go: span events (default), OpenTelemetry log records, or both. */
export type EventDestination = 'span' | 'log' | 'both';

/** @internal Emits GenOps events for one governor. */
export interface EventEmitter {
  /** True when events go to logs (so attributes must be built even for non-recording spans). */
  readonly toLogs: boolean;
  /** `context` is the AWU's context; it is read only when events go to logs. */
  emit(span: Span, context: Context | undefined, name: string, attributes: Attributes): void;
}

/**
 * @internal Never throws: an error from the SDK or from a log record processor is reported
 * (phase `telemetry`) so that it cannot fail the host call or strand a reservation.
 */
export function createEventEmitter(
  destination: EventDestination,
  loggerProvider: LoggerProvider | undefined,
  version: string,
  report: (error: unknown, phase: 'telemetry') => void,
): EventEmitter {
  const toSpan = destination !== 'log';
  const toLogs = destination !== 'span';
  const logger = toLogs ? (loggerProvider ?? logs).getLogger('@genops/core', version) : undefined;
  return {
    toLogs,
    emit(span, context, name, attributes) {
      try {
        if (toSpan) span.addEvent(name, attributes);
        if (logger !== undefined)
          logger.emit({ eventName: name, attributes: attributes as AnyValueMap, context });
      } catch (error) {
        report(error, 'telemetry');
      }
    },
  };
}
