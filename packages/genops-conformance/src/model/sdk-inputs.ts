/**
 * OpenTelemetry `HrTime`: `[seconds, nanoseconds]` since the Unix epoch.
 *
 * @example
 * ```ts
 * const time: HrTimeLike = [1_700_000_000, 500_000_000];
 * ```
 */
export type HrTimeLike = readonly [number, number];

/**
 * The identity part of an OpenTelemetry `SpanContext`.
 *
 * @example
 * ```ts
 * const context: SpanContextLike = { traceId: '4bf9…', spanId: '00f0…' };
 * ```
 */
export interface SpanContextLike {
  readonly traceId: string;
  readonly spanId: string;
}

/**
 * The part of an SDK `TimedEvent` this suite reads.
 *
 * @example
 * ```ts
 * const event: TimedEventLike = { name: 'genops.policy.evaluated', time: [1, 0], attributes: {} };
 * ```
 */
export interface TimedEventLike {
  readonly name: string;
  readonly time: HrTimeLike;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The part of an OpenTelemetry JS SDK `ReadableSpan` this suite reads. Spans of
 * `@opentelemetry/sdk-trace-base` 1.x/2.x and `@opentelemetry/sdk-trace` 3.x satisfy it
 * structurally; this package does not depend on the SDK.
 *
 * @example
 * ```ts
 * const spans: ReadableSpanLike[] = exporter.getFinishedSpans();
 * ```
 */
export interface ReadableSpanLike {
  readonly name: string;
  spanContext(): SpanContextLike;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly TimedEventLike[];
}

/**
 * The part of an OpenTelemetry JS SDK `ReadableLogRecord` (`@opentelemetry/sdk-logs`) this suite
 * reads.
 *
 * @example
 * ```ts
 * const records: ReadableLogRecordLike[] = logExporter.getFinishedLogRecords();
 * ```
 */
export interface ReadableLogRecordLike {
  readonly hrTime: HrTimeLike;
  readonly spanContext?: SpanContextLike | undefined;
  readonly eventName?: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
}
