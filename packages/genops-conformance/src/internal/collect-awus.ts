import type { TelemetrySpan } from '../model/telemetry.js';
import type { TelemetryInput } from '../model/telemetry-input.js';
import type { AwuRef } from '../report/finding.js';
import { isAwuSpan, isGenOpsName, type RawGenOpsEvent } from './awu-context.js';
import type { FindingCollector } from './finding-collector.js';
import { logEventName, toTelemetryLogRecord, toTelemetrySpan } from './normalize-input.js';

/** One distinct AWU span of the input with the GenOps log records attached to it. */
export interface AwuEntry {
  readonly span: TelemetrySpan;
  readonly ref: AwuRef;
  /** Input position of the span, for report ordering. */
  readonly order: number;
  readonly logEvents: RawGenOpsEvent[];
}

/** The reference of a span in findings. */
export function refOf(span: TelemetrySpan): AwuRef {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    ...(span.source === undefined ? {} : { source: span.source }),
  };
}

/**
 * Normalizes the input, keeps the distinct AWU spans and attaches GenOps log records to them by
 * span id. Reports `2.2/awu-identity-unique` for duplicates and `4.4/event-outside-awu` for GenOps
 * events without an AWU.
 */
export function collectAwus(input: TelemetryInput, collector: FindingCollector): AwuEntry[] {
  const spans = input.spans ?? [];
  const awus: AwuEntry[] = [];
  const byIdentity = new Map<string, AwuEntry>();
  const bySpanId = new Map<string, AwuEntry[]>();
  spans.forEach((spanInput, order) => {
    const span = toTelemetrySpan(spanInput);
    const ref = refOf(span);
    if (!isAwuSpan(span)) {
      const report = collector.reporterFor(ref, order, false);
      for (const event of span.events) {
        if (!isGenOpsName(event.name)) continue;
        report(
          '4.4/event-outside-awu',
          `event ${event.name} is recorded on span "${span.name}", which carries no genops.* attribute`,
          { event: event.name },
        );
      }
      return;
    }
    const identity = `${span.traceId}/${span.spanId}`;
    if (byIdentity.has(identity)) {
      collector.reporterFor(
        ref,
        order,
        true,
      )(
        '2.2/awu-identity-unique',
        `an earlier AWU span of the input has the same trace id and span id (${identity})`,
      );
      return;
    }
    const entry: AwuEntry = { span, ref, order, logEvents: [] };
    byIdentity.set(identity, entry);
    const sameSpanId = bySpanId.get(span.spanId);
    if (sameSpanId === undefined) bySpanId.set(span.spanId, [entry]);
    else sameSpanId.push(entry);
    awus.push(entry);
  });

  (input.logs ?? []).forEach((recordInput, index) => {
    const record = toTelemetryLogRecord(recordInput);
    const name = logEventName(record);
    if (name === undefined || !isGenOpsName(name)) return;
    const candidates = record.spanId === undefined ? undefined : bySpanId.get(record.spanId);
    const owner = candidates?.find(
      (candidate) => record.traceId === undefined || candidate.span.traceId === record.traceId,
    );
    if (owner !== undefined) {
      owner.logEvents.push({
        name,
        timeUnixNano: record.timeUnixNano,
        attributes: record.attributes,
        origin: 'log record',
      });
      return;
    }
    const ref: AwuRef = {
      traceId: record.traceId ?? '',
      spanId: record.spanId ?? '',
      name: '(log record)',
      ...(record.source === undefined ? {} : { source: record.source }),
    };
    collector.reporterFor(ref, spans.length + index, false)(
      '4.4/event-outside-awu',
      record.spanId === undefined
        ? `log record ${name} has no span context, so no parent AWU`
        : `log record ${name} belongs to span ${record.spanId}, which is not an AWU span of the input`,
      { event: name },
    );
  });
  return awus;
}
