/**
 * Attribute map of the normalized telemetry model. Values keep their decoded JavaScript type:
 * `string`, `number`, `boolean`, `bigint` (an OTLP `intValue` beyond the safe-integer range),
 * arrays, plain objects (OTLP `kvlistValue`, `bytesValue`) and `null` (an OTLP value with no
 * field set).
 *
 * @example
 * ```ts
 * const attributes: TelemetryAttributes = { 'genops.team': 'search', 'genops.tokens.input': 12 };
 * ```
 */
export type TelemetryAttributes = Readonly<Record<string, unknown>>;

/**
 * A span event in the normalized model.
 *
 * @example
 * ```ts
 * const event: TelemetryEvent = {
 *   name: 'genops.policy.evaluated',
 *   timeUnixNano: 1_700_000_000_000_000_000n,
 *   attributes: { 'genops.policy.result': 'ALLOWED' },
 * };
 * ```
 */
export interface TelemetryEvent {
  /** Event name. */
  readonly name: string;
  /** Event time in nanoseconds since the Unix epoch. */
  readonly timeUnixNano: bigint;
  /** Event attributes. */
  readonly attributes: TelemetryAttributes;
}

/**
 * A span in the normalized model every reader produces; {@link checkTelemetry} also accepts it
 * directly.
 *
 * @example
 * ```ts
 * const span: TelemetrySpan = {
 *   traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
 *   spanId: '00f067aa0ba902b7',
 *   name: 'chat gpt-4o',
 *   attributes: { 'genops.team': 'search' },
 *   events: [],
 * };
 * ```
 */
export interface TelemetrySpan {
  /** Trace id, lowercase hex as the source wrote it (32 digits when valid). */
  readonly traceId: string;
  /** Span id, lowercase hex as the source wrote it (16 digits when valid). */
  readonly spanId: string;
  /** Span name. */
  readonly name: string;
  /** Span attributes. */
  readonly attributes: TelemetryAttributes;
  /** Span events in recorded order. */
  readonly events: readonly TelemetryEvent[];
  /** Where the span was read from (e.g. `traces.jsonl:3`), shown in reports. Default: none. */
  readonly source?: string;
}

/**
 * A log record in the normalized model. Records whose event name is in the `genops.` namespace
 * are GenOps events emitted through the Logs API; they are attached to the AWU span with the same
 * span id (and trace id when both are set).
 *
 * @example
 * ```ts
 * const record: TelemetryLogRecord = {
 *   traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
 *   spanId: '00f067aa0ba902b7',
 *   eventName: 'genops.budget.reservation',
 *   timeUnixNano: 1_700_000_000_000_000_000n,
 *   attributes: { 'genops.accounting.reserved': 0.02, 'genops.accounting.unit': 'USD' },
 * };
 * ```
 */
export interface TelemetryLogRecord {
  /** Trace id of the span the record was emitted in, if any. */
  readonly traceId?: string;
  /** Span id of the span the record was emitted in, if any. */
  readonly spanId?: string;
  /** Event name: the record's `eventName`, else its `event.name` attribute. Default: none. */
  readonly eventName?: string;
  /** Record time in nanoseconds since the Unix epoch (observed time when the time is unset). */
  readonly timeUnixNano: bigint;
  /** Record attributes. */
  readonly attributes: TelemetryAttributes;
  /** Where the record was read from, shown in reports. Default: none. */
  readonly source?: string;
}

/**
 * Spans and log records in the normalized model, as returned by the OTLP/JSON readers.
 *
 * @example
 * ```ts
 * const telemetry: Telemetry = parseOtlpJson(text);
 * checkTelemetry(telemetry);
 * ```
 */
export interface Telemetry {
  /** Spans, in input order. */
  readonly spans: readonly TelemetrySpan[];
  /** Log records, in input order. */
  readonly logs: readonly TelemetryLogRecord[];
}
