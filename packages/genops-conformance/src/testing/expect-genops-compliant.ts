import { judgeGenOpsCompliance } from '../internal/judge-genops-compliance.js';
import type { SpanInput, TelemetryInput } from '../model/telemetry-input.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import type { ExpectGenOpsCompliantOptions } from './expect-genops-compliant-options.js';
import { GenOpsComplianceError } from './genops-compliance-error.js';

/**
 * Asserts that telemetry is GenOps compliant (verdict `compliant`; warnings allowed unless
 * `failOnWarnings`). Throws a {@link GenOpsComplianceError} whose message is the readable report,
 * so it works under any test runner. Returns the report when it passes.
 *
 * @param input - SDK `ReadableSpan`s / normalized spans, or `{ spans, logs }` when the runtime
 *   emits GenOps events as log records.
 * @param options - `specVersion` (default `'0.1.0'`), `failOnWarnings` (default `false`),
 *   `maxAwusPerRule` (default `5`).
 * @throws GenOpsComplianceError when the telemetry is `partial` or `non-compliant`.
 * @example
 * ```ts
 * import { expectGenOpsCompliant } from '@genops/conformance/vitest';
 *
 * await provider.forceFlush();
 * expectGenOpsCompliant(exporter.getFinishedSpans());
 * expectGenOpsCompliant({ spans: exporter.getFinishedSpans(), logs: logExporter.getFinishedLogRecords() });
 * ```
 */
export function expectGenOpsCompliant(
  input: readonly SpanInput[] | TelemetryInput,
  options: ExpectGenOpsCompliantOptions = {},
): ConformanceReport {
  const { report, failure } = judgeGenOpsCompliance(input, options);
  if (failure !== undefined) throw new GenOpsComplianceError(failure, report);
  return report;
}
