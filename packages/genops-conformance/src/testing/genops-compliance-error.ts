import type { ConformanceReport } from '../report/conformance-report.js';

const BRAND = Symbol.for('@genops/conformance.GenOpsComplianceError');

/**
 * Thrown by {@link expectGenOpsCompliant} when telemetry is not compliant. Its message is the
 * readable report ({@link formatReport}); `report` holds the full report.
 *
 * @example
 * ```ts
 * try {
 *   expectGenOpsCompliant(spans);
 * } catch (error) {
 *   if (GenOpsComplianceError.isInstance(error)) console.log(error.report.counts);
 * }
 * ```
 */
export class GenOpsComplianceError extends Error {
  override readonly name = 'GenOpsComplianceError';
  /** The report that failed. */
  readonly report: ConformanceReport;
  readonly [BRAND] = true;

  constructor(message: string, report: ConformanceReport) {
    super(message);
    this.report = report;
  }

  /**
   * Whether a value is a `GenOpsComplianceError`, also across duplicate installs of this package.
   *
   * @example
   * ```ts
   * GenOpsComplianceError.isInstance(error); // true | false
   * ```
   */
  static isInstance(value: unknown): value is GenOpsComplianceError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
