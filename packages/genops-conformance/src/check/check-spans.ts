import type { SpanInput } from '../model/telemetry-input.js';
import type { ConformanceReport } from '../report/conformance-report.js';
import type { CheckOptions } from './check-options.js';
import { checkTelemetry } from './check-telemetry.js';

/**
 * Judges spans against the GenOps specification: `checkTelemetry({ spans }, options)`. Use
 * {@link checkTelemetry} when the runtime emits GenOps events as log records.
 *
 * @param spans - OpenTelemetry JS SDK `ReadableSpan`s (1.x, 2.x, 3.x) or normalized
 *   {@link TelemetrySpan}s.
 * @param options - `specVersion` defaults to `'0.1.0'`.
 * @throws RangeError when `specVersion` is not a supported version.
 * @example
 * ```ts
 * const report = checkSpans(exporter.getFinishedSpans(), { specVersion: '0.1.0' });
 * report.verdict; // 'compliant' | 'partial' | 'non-compliant'
 * ```
 */
export function checkSpans(
  spans: readonly SpanInput[],
  options: CheckOptions = {},
): ConformanceReport {
  return checkTelemetry({ spans }, options);
}
