import type { CheckOptions } from '../check/check-options.js';
import { checkSpans } from '../check/check-spans.js';
import { checkTelemetry } from '../check/check-telemetry.js';
import type { SpanInput, TelemetryInput } from '../model/telemetry-input.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import { formatReport } from '../report/format-report.js';
import type { ExpectGenOpsCompliantOptions } from '../testing/expect-genops-compliant-options.js';

function isSpanList(input: readonly SpanInput[] | TelemetryInput): input is readonly SpanInput[] {
  return Array.isArray(input);
}

/**
 * Checks telemetry and returns the report, or the failure message when it does not pass:
 * `undefined` when the verdict is `compliant` (and, with `failOnWarnings`, there is no warning).
 */
export function judgeGenOpsCompliance(
  input: readonly SpanInput[] | TelemetryInput,
  options: ExpectGenOpsCompliantOptions = {},
): { report: ConformanceReport; failure: string | undefined } {
  const checkOptions: CheckOptions =
    options.specVersion === undefined ? {} : { specVersion: options.specVersion };
  const report = isSpanList(input)
    ? checkSpans(input, checkOptions)
    : checkTelemetry(input, checkOptions);
  const failed =
    report.verdict !== 'compliant' ||
    (options.failOnWarnings === true && report.counts.warnings > 0);
  const formatOptions =
    options.maxAwusPerRule === undefined ? {} : { maxAwusPerRule: options.maxAwusPerRule };
  return { report, failure: failed ? formatReport(report, formatOptions) : undefined };
}
