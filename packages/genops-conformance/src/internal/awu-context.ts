import type { TelemetryAttributes, TelemetrySpan } from '../model/telemetry.js';
import { GENOPS_NAMESPACE_PREFIX } from '../registry/attribute-registry.js';
import { type DecisionState, isDecisionState } from '../registry/decision-states.js';
import { GENOPS_EVENTS } from '../registry/event-registry.js';
import { withoutMirroredLogEvents } from './mirrored-log-events.js';
import { hasAttribute } from './read-attribute.js';

/** A GenOps event attached to an AWU, from a span event or a log record. */
export interface GenOpsEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: TelemetryAttributes;
  readonly origin: 'span event' | 'log record';
  /** Position in the AWU's ordered event list (time, then emission order). */
  readonly position: number;
  /** 1-based rank among the AWU's events of the same name, for messages. */
  readonly ordinal: number;
}

/** An event before ordering. */
export interface RawGenOpsEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: TelemetryAttributes;
  readonly origin: 'span event' | 'log record';
}

/** Everything the per-AWU rules need, computed once. */
export interface AwuContext {
  readonly span: TelemetrySpan;
  readonly attributes: TelemetryAttributes;
  /** GenOps events (span events and attached log records), ordered by time then emission. */
  readonly events: readonly GenOpsEvent[];
  readonly decisions: readonly GenOpsEvent[];
  readonly reservations: readonly GenOpsEvent[];
  readonly reconciliations: readonly GenOpsEvent[];
  /** The AWU's `genops.policy.result` when it is a valid decision state. */
  readonly result: DecisionState | undefined;
  /** The decision is BLOCKED or RATE_LIMITED: the AWU does not execute. */
  readonly refused: boolean;
  /** The decision is ALLOWED or WARNING: the AWU proceeds. */
  readonly proceeds: boolean;
  /** Why the AWU counts as having reached reservation, if it does. */
  readonly reservationEvidence: string | undefined;
  /** Why the AWU counts as having reached execution, if it does (never for a refused AWU). */
  readonly executionEvidence: string | undefined;
}

/** Whether a name is in the GenOps namespace. */
export function isGenOpsName(name: string): boolean {
  return name.startsWith(GENOPS_NAMESPACE_PREFIX);
}

/** A span is an AWU when it carries at least one `genops.*` attribute. */
export function isAwuSpan(span: TelemetrySpan): boolean {
  for (const key in span.attributes) {
    if (isGenOpsName(key) && span.attributes[key] !== undefined) return true;
  }
  return false;
}

/**
 * Orders events by time, then emission order. An event without a timestamp (OTLP `0`) cannot be
 * placed in time, so an AWU with one keeps its emission order (span events, then log records)
 * instead of sorting that event first.
 */
function orderEvents(raw: readonly RawGenOpsEvent[]): GenOpsEvent[] {
  const untimed = raw.some((event) => event.timeUnixNano === 0n);
  const sorted =
    untimed ||
    raw.every((event, index) => (raw[index - 1]?.timeUnixNano ?? 0n) <= event.timeUnixNano);
  const ordered = sorted
    ? raw
    : raw
        .map((event, index) => ({ event, index }))
        .sort((left, right) =>
          left.event.timeUnixNano === right.event.timeUnixNano
            ? left.index - right.index
            : left.event.timeUnixNano < right.event.timeUnixNano
              ? -1
              : 1,
        )
        .map(({ event }) => event);
  const seen = new Map<string, number>();
  return ordered.map((event, position) => {
    const ordinal = (seen.get(event.name) ?? 0) + 1;
    seen.set(event.name, ordinal);
    return { ...event, position, ordinal };
  });
}

/**
 * Builds the context of one AWU from its span and the GenOps log records attached to it
 * (span events first, then log records, each in emission order, before ordering by time). Log
 * records mirroring a span event (a runtime emitting to both channels) are judged once.
 */
export function buildAwuContext(
  span: TelemetrySpan,
  logEvents: readonly RawGenOpsEvent[],
): AwuContext {
  const raw: RawGenOpsEvent[] = [];
  for (const event of span.events) {
    if (!isGenOpsName(event.name)) continue;
    raw.push({ ...event, origin: 'span event' });
  }
  for (const event of withoutMirroredLogEvents(raw, logEvents)) raw.push(event);
  const events = orderEvents(raw);
  const decisions = events.filter((event) => event.name === GENOPS_EVENTS.policyEvaluated);
  const reservations = events.filter((event) => event.name === GENOPS_EVENTS.budgetReservation);
  const reconciliations = events.filter(
    (event) => event.name === GENOPS_EVENTS.budgetReconciliation,
  );

  const { attributes } = span;
  const resultValue = attributes['genops.policy.result'];
  const result = isDecisionState(resultValue) ? resultValue : undefined;
  const refused = result === 'BLOCKED' || result === 'RATE_LIMITED';
  const proceeds = result === 'ALLOWED' || result === 'WARNING';

  const executionEvidence = refused ? undefined : evidenceOfExecution(attributes, reconciliations);
  let reservationEvidence: string | undefined;
  if (reservations.length > 0) reservationEvidence = 'it has a genops.budget.reservation event';
  else if (hasAttribute(attributes, 'genops.accounting.reserved')) {
    reservationEvidence = 'it carries genops.accounting.reserved';
  } else if (executionEvidence !== undefined) reservationEvidence = executionEvidence;
  else if (proceeds) reservationEvidence = `its decision ${result} lets it proceed`;

  return {
    span,
    attributes,
    events,
    decisions,
    reservations,
    reconciliations,
    result,
    refused,
    proceeds,
    reservationEvidence,
    executionEvidence,
  };
}

/**
 * Attributes only an AWU that ran can carry: its measured consumption (3.4), its output tokens
 * (7.3) and its measured end-to-end latency (6.3).
 */
const EXECUTION_ATTRIBUTES = [
  'genops.accounting.actual',
  'genops.tokens.output',
  'genops.sla.actual_latency_ms',
] as const;

/** Why the AWU visibly reached execution (2.4), if it did. */
function evidenceOfExecution(
  attributes: TelemetryAttributes,
  reconciliations: readonly GenOpsEvent[],
): string | undefined {
  if (reconciliations.length > 0) return 'it has a genops.budget.reconciliation event';
  const key = EXECUTION_ATTRIBUTES.find((name) => hasAttribute(attributes, name));
  return key === undefined ? undefined : `it carries ${key}`;
}

/** Label of an event for messages, e.g. `genops.budget.reservation #2 (log record)`. */
export function describeEvent(event: GenOpsEvent): string {
  return `${event.name} #${event.ordinal}${event.origin === 'log record' ? ' (log record)' : ''}`;
}
