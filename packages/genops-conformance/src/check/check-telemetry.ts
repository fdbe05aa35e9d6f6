import { buildAwuContext } from '../internal/awu-context.js';
import { collectAwus } from '../internal/collect-awus.js';
import { computeVerdict } from '../internal/compute-verdict.js';
import { FindingCollector, type ReportFinding } from '../internal/finding-collector.js';
import { AWU_RULE_CHECKS } from '../internal/rules/awu-rules.js';
import type { TelemetrySpan } from '../model/telemetry.js';
import type { TelemetryInput } from '../model/telemetry-input.js';
import { SPEC_VERSION, SUPPORTED_SPEC_VERSIONS } from '../registry/spec-version.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import type { CheckOptions } from './check-options.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

function checkIdentity(span: TelemetrySpan, report: ReportFinding): void {
  const problems: string[] = [];
  if (!TRACE_ID.test(span.traceId) || ALL_ZEROS.test(span.traceId)) {
    problems.push(
      `trace id ${JSON.stringify(span.traceId)} is not 32 lowercase hex digits (not all zero)`,
    );
  }
  if (!SPAN_ID.test(span.spanId) || ALL_ZEROS.test(span.spanId)) {
    problems.push(
      `span id ${JSON.stringify(span.spanId)} is not 16 lowercase hex digits (not all zero)`,
    );
  }
  if (problems.length > 0) report('2.2/awu-identity-valid', problems.join('; '));
}

/**
 * Judges telemetry against the GenOps specification and returns a report with one finding per
 * violation and the Section 9 verdict.
 *
 * - An AWU is a span carrying at least one `genops.*` attribute; other spans are ignored (a
 *   `genops.*` event on one of them is reported under `4.4/event-outside-awu`).
 * - GenOps events may be span events or log records (Logs API): a log record whose event name
 *   (`eventName`, else its `event.name` attribute) starts with `genops.` is attached to the AWU with
 *   the same span id (and trace id, when the record has one) and judged like a span event.
 * - Linear in spans, events and log records.
 *
 * @param input - Spans (SDK `ReadableSpan`s 1.x–3.x or normalized {@link TelemetrySpan}s) and log
 *   records (SDK `ReadableLogRecord`s or normalized {@link TelemetryLogRecord}s); both default to
 *   `[]`. A {@link Telemetry} from the OTLP/JSON readers can be passed as is.
 * @param options - `specVersion` defaults to `'0.1.0'`.
 * @throws RangeError when `specVersion` is not a supported version.
 * @example
 * ```ts
 * const report = checkTelemetry({
 *   spans: spanExporter.getFinishedSpans(),
 *   logs: logExporter.getFinishedLogRecords(),
 * });
 * if (report.verdict !== 'compliant') console.error(formatReport(report));
 * ```
 */
export function checkTelemetry(
  input: TelemetryInput,
  options: CheckOptions = {},
): ConformanceReport {
  const specVersion = options.specVersion ?? SPEC_VERSION;
  if (!SUPPORTED_SPEC_VERSIONS.includes(specVersion)) {
    throw new RangeError(
      `@genops/conformance cannot judge spec version ${JSON.stringify(specVersion)}; supported: ${SUPPORTED_SPEC_VERSIONS.join(', ')}`,
    );
  }
  const collector = new FindingCollector();
  const awus = collectAwus(input, collector);
  let eventCount = 0;
  for (const entry of awus) {
    const report = collector.reporterFor(entry.ref, entry.order, true);
    checkIdentity(entry.span, report);
    const awu = buildAwuContext(entry.span, entry.logEvents);
    eventCount += awu.events.length;
    for (const check of AWU_RULE_CHECKS) check(awu, report, specVersion);
  }
  const spanCount = input.spans?.length ?? 0;
  if (awus.length === 0) {
    collector.reporterFor(
      null,
      -1,
      false,
    )(
      '9.4/awu-present',
      `no AWU in the input (${spanCount} spans, none with a genops.* attribute)`,
    );
  }

  const findings = collector.sortedFindings();
  const byRule: Record<string, number> = {};
  let errors = 0;
  for (const finding of findings) {
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    if (finding.severity === 'error') errors += 1;
  }
  return {
    specVersion,
    verdict: computeVerdict(findings),
    awuCount: awus.length,
    spanCount,
    logRecordCount: input.logs?.length ?? 0,
    eventCount,
    counts: {
      errors,
      warnings: findings.length - errors,
      awusWithErrors: collector.awusWithErrors.size,
      byRule,
    },
    findings,
  };
}
